import type { Command } from "./define-command.js";
import { commandSignature, type UsageOptions } from "./usage.js";

/**
 * A markdown help block for one skill's commands, as the automatic `/help` shows it: the
 * skill's name, then each command's signature, description and examples.
 *
 * @example
 * ```ts
 * formatHelp("polls", [poll]);
 * // **polls**
 * // - `/poll <question> <option>...` — Start a poll
 * //   - e.g. `/poll "Lunch?" pizza sushi`
 * ```
 */
export function formatHelp(
  skillName: string,
  commands: readonly Command[],
  options: UsageOptions = {},
): string {
  const lines = [`**${skillName}**`];
  for (const command of commands) {
    const adminNote = command.adminOnly ? " _(admin only)_" : "";
    lines.push(`- \`${commandSignature(command, options)}\` — ${command.description}${adminNote}`);
    for (const example of command.examples) lines.push(`  - e.g. \`${example}\``);
  }
  return lines.join("\n");
}
