import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as switchboard from "./index.js";

const SRC = dirname(new URL(import.meta.url).pathname);
const ROOT = resolve(SRC, "..");

/** Every repo file `entry` loads, following relative imports (type-only ones too). */
function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
      visit(resolve(dirname(file), specifier!.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return new Set([...seen].map((file) => relative(ROOT, file)));
}

describe("the `switchboard` entry point", () => {
  it("exports exactly these values (a change here is a change of the public API)", () => {
    expect(Object.keys(switchboard).sort()).toEqual([
      "ActionStyle",
      "Agent",
      "Composer",
      "ConsentState",
      "Context",
      "IdentifierKind",
      "ReactionAction",
      "ReactionSchema",
      "SenderAddressCache",
      "Skill",
      "SkillBuilder",
      "StoreError",
      "SwitchboardError",
      "allowAddresses",
      "allowInboxes",
      "and",
      "asyncFilter",
      "commandSignature",
      "compose",
      "configSchema",
      "consentState",
      "contentType",
      "createAgent",
      "createMemoryStore",
      "createRedisStore",
      "createSqliteStore",
      "createTelemetry",
      "defineCommand",
      "defineSkill",
      "denyAddresses",
      "denyInboxes",
      "dmOnly",
      "errorCodes",
      "groupOnly",
      "ignoreSelf",
      "isSwitchboardError",
      "loadConfig",
      "mentionsAgent",
      "namespaced",
      "not",
      "only",
      "or",
      "outboundPacing",
      "parseCommandArgs",
      "parseCommandLine",
      "rateLimit",
      "runAgent",
      "secretConfigKeys",
      "senderIsAdmin",
      "senderIsSuperAdmin",
      "startsWithCommand",
      "usage",
      "when",
    ]);
  });

  it("never loads the built-in skills, the test kit, the devnode, the chat or the playground", () => {
    const files = reachableFrom(join(SRC, "index.ts"));
    const layered = [...files].filter((file) =>
      /^src\/(skills|testing|devnode|playground|chat)\//.test(file),
    );
    console.log(
      `src/index.ts reaches ${files.size} files, ${layered.length} of them in a higher layer`,
    );
    expect(layered).toEqual([]);
    expect(files.size).toBeGreaterThan(30);
  });

  it("is what the built-in skills and agents/ import from: no deep imports", () => {
    // Skills may share helpers with each other, and agents with each other.
    const packageOf = (file: string) => (file.startsWith("agents/") ? "agents/" : "src/skills/");
    const entries = new Set(["src/index.ts", "src/skills/index.ts", "src/testing/index.ts"]);
    const agentFiles = readdirSync(join(ROOT, "agents"))
      .filter((name) => name.endsWith(".ts") && !name.includes(".test"))
      .map((name) => `agents/${name}`);
    const skillFiles = [...reachableFrom(join(SRC, "skills/index.ts"))].filter((file) =>
      file.startsWith("src/skills/"),
    );
    const deep = [...agentFiles, ...skillFiles].flatMap((file) =>
      [...readFileSync(join(ROOT, file), "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)]
        .map(([, specifier]) =>
          relative(ROOT, resolve(dirname(join(ROOT, file)), specifier!.replace(/\.js$/, ".ts"))),
        )
        .filter((target) => !entries.has(target) && !target.startsWith(packageOf(file)))
        .map((target) => `${file} -> ${target}`),
    );
    console.log(
      `${agentFiles.length + skillFiles.length} agent and skill files, ${deep.length} deep imports`,
    );
    expect(deep).toEqual([]);
  });
});
