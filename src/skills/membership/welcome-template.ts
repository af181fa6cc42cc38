import { z } from "zod";

const PLACEHOLDER = /\{(\w*)\}/g;
const KNOWN = new Set(["name", "count"]);

/**
 * A welcome message template: `{name}` (the new members) and `{count}` (members now) are
 * filled in; any other `{...}` is refused when the skill is configured, so a typo such as
 * `{nmae}` fails at start-up instead of being posted to every newcomer.
 *
 * @example
 * welcomeTemplateSchema.parse("Welcome {name}! We are {count} now.");
 */
export const welcomeTemplateSchema = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((template, ctx) => {
    for (const [, name] of template.matchAll(PLACEHOLDER)) {
      if (!KNOWN.has(name ?? "")) {
        ctx.addIssue({
          code: "custom",
          message: `unknown placeholder {${name}}: use {name} and {count}`,
        });
      }
    }
  });

/**
 * Fills a template checked by {@link welcomeTemplateSchema}.
 *
 * @example
 * renderWelcome("Hi {name}, you make {count}", { names: ["0xab…cd"], count: 4 }); // "Hi 0xab…cd, you make 4"
 */
export function renderWelcome(
  template: string,
  values: { names: string[]; count: number },
): string {
  const name = joinNames(values.names);
  return template.replace(PLACEHOLDER, (_, key: string) =>
    key === "name" ? name : String(values.count),
  );
}

/** "a", "a and b", "a, b and c". */
function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
