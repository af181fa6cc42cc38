import { execFile } from "node:child_process";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { allExamples, type DocExample } from "./doc-examples.js";
import { exportedNames } from "./exported-names.js";
import { REPO, tempProjectDir } from "./user-project.js";

const execFileAsync = promisify(execFile);

/** Entry points whose exports an example may use without importing them (see `prelude`). */
const ENTRIES = {
  switchboard: "dist/src/index.d.ts",
  "switchboard/testing": "dist/src/testing/index.d.ts",
  "switchboard/skills": "dist/src/skills/index.d.ts",
  "switchboard/devnode": "dist/src/devnode/index.d.ts",
};

/** Examples known to fail today, each with its first error: the docs' debt, to pay down. */
const KNOWN_FAILURES_FILE = join(import.meta.dirname, "docs-known-failures.json");

/**
 * A project outside the repository that sees the repository's packages, and this package as
 * `switchboard` through its exports map (built declarations), as an installed user would.
 */
function docsProject(): string {
  const dir = tempProjectDir("docs");
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(REPO, "node_modules")).filter((n) => !n.startsWith(".")))
    symlinkSync(join(REPO, "node_modules", name), join(dir, "node_modules", name));
  symlinkSync(REPO, join(dir, "node_modules", "switchboard"));
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  const compilerOptions = {
    target: "ES2023",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }));
  return dir;
}

/**
 * An example without imports is a snippet: it may use any public export unqualified, as the
 * prose around it does. One with imports is a module and gets nothing added.
 */
function prelude(example: DocExample, names: Map<string, string>): string {
  if (/^\s*import\s/m.test(example.code)) return "";
  const byEntry = new Map<string, string[]>();
  for (const [name, entry] of withOwnModule(example, names)) {
    // A name the example declares itself is its own.
    if (declares(example, name)) continue;
    byEntry.set(entry, [...(byEntry.get(entry) ?? []), name]);
  }
  const imports = [...byEntry].map(
    ([entry, list]) => `import { ${list.join(", ")} } from "${entry}";`,
  );
  const free = Object.entries(FREE_NAMES)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(example.code) && !declares(example, name))
    .map(([name, type]) => `declare const ${name}: ${type};`);
  return [...imports, ...free].join(" ");
}

/** The source of each entry point, for examples checked against the source. */
const ENTRY_SOURCES: Record<string, string> = {
  switchboard: "src/index.ts",
  "switchboard/testing": "src/testing/index.ts",
  "switchboard/skills": "src/skills/index.ts",
  "switchboard/devnode": "src/devnode/index.ts",
};

/**
 * A TSDoc example documents the module it stands in, internal helpers included: it sees that
 * module's own exports, then the public ones, all from the source (one copy of each type). The
 * README's examples see the built package, as a user does.
 */
function withOwnModule(example: DocExample, names: Map<string, string>): Map<string, string> {
  const file = example.origin.split(":")[0] ?? "";
  if (!file.endsWith(".ts")) return names;
  const source = join(REPO, file);
  const own = new Map([...exportedNames(source)].map((name) => [name, source]));
  const publicFromSource = [...names]
    .filter(([name]) => !own.has(name))
    .map(([name, entry]) => [name, join(REPO, ENTRY_SOURCES[entry] ?? entry)] as const);
  return new Map([...own, ...publicFromSource]);
}

/**
 * The names the prose around a snippet stands for: a snippet may use them undeclared, with
 * these types (the context of a text message, the agent, a skill's builder...).
 */
const FREE_NAMES: Record<string, string> = {
  ctx: 'Context<"text">',
  agent: "Agent",
  skill: "SkillBuilder",
  store: "Store",
  config: "SwitchboardConfig",
  bot: "TestAgent",
  alice: "TestUser",
  bob: "TestUser",
  next: "Next",
};

/** The example declares `name` itself: a binding, or a parameter of an arrow function. */
const declares = (example: DocExample, name: string) =>
  new RegExp(
    `\\b(const|let|var|function|class|interface|type)\\s+${name}\\b|\\(([^()]*[\\s,])?${name}\\b[^()]*\\)\\s*(:[^=]*)?=>|\\b${name}\\s*=>`,
  ).test(example.code);

interface Failure {
  origin: string;
  error: string;
}

/** Type-checks every example with one tsc run; the first error of each failing example. */
async function check(examples: DocExample[]): Promise<Map<string, Failure>> {
  const dir = docsProject();
  const names = new Map<string, string>();
  for (const [entry, file] of Object.entries(ENTRIES))
    for (const name of exportedNames(join(REPO, file)))
      if (!names.has(name)) names.set(name, entry);
  examples.forEach((example, i) => {
    // The prelude shares the first line, so tsc's line numbers match the example's.
    writeFileSync(
      join(dir, `example-${i}.ts`),
      `${prelude(example, names)} export {};\n${example.code}\n`,
    );
  });
  const tsc = join(REPO, "node_modules", ".bin", "tsc");
  const failures = new Map<string, Failure>();
  // tsc reports no type errors while any file has a syntax error: set those aside and re-run.
  for (let pass = 0; pass < 10; pass++) {
    const output = await execFileAsync(tsc, ["-p", dir, "--pretty", "false"], { cwd: dir }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    let syntax = false;
    for (const line of output.split("\n")) {
      const match = line.match(/^example-(\d+)\.ts\((\d+),\d+\): error (TS(\d+).*)$/);
      const example = match && examples[Number(match[1])];
      if (!example || failures.has(example.key)) continue;
      const [file, start] = example.origin.split(":");
      const at = `${file}:${Number(start) + Number(match[2]) - 2}`;
      failures.set(example.key, { origin: at, error: match[3] ?? "" });
      if (Number(match[4]) < 2000) {
        syntax = true;
        renameSync(join(dir, `example-${match[1]}.ts`), join(dir, `example-${match[1]}.txt`));
      }
    }
    if (!syntax) break;
  }
  return failures;
}

/**
 * Docs that compile: every ```ts block of the README and every TSDoc @example, checked against
 * the built package. Convention: a ```ts fragment fence is skipped (a piece of a larger file);
 * an example without imports may use every public export by name.
 */
describe("code examples in the docs", () => {
  it("type-check against the package, apart from the known failures", async () => {
    const examples = allExamples(REPO, ["src", "middleware"]);
    const failures = await check(examples);
    const known: Record<string, string> = JSON.parse(readFileSync(KNOWN_FAILURES_FILE, "utf8"));
    const fresh = [...failures].filter(([key]) => !(key in known));
    const fixed = Object.keys(known).filter((key) => !failures.has(key));
    console.log(
      `${examples.length} examples: ${examples.length - failures.size} compile, ${failures.size} fail (${fresh.length} new, ${Object.keys(known).length - fixed.length} known); ${fixed.length} known failures now gone`,
    );
    for (const [, failure] of failures) console.log(`  ${failure.origin} ${failure.error}`);
    if (process.env.UPDATE_DOCS_BASELINE) {
      // Records today's failures as the known ones (review the diff), and checks nothing more.
      const baseline = Object.fromEntries(
        [...failures].map(([key, failure]) => [key, `${failure.origin} ${failure.error}`]),
      );
      writeFileSync(KNOWN_FAILURES_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
      return;
    }
    expect(fresh.map(([, failure]) => `${failure.origin} ${failure.error}`)).toEqual([]);
    // A fixed example leaves the list (UPDATE_DOCS_BASELINE=1 rewrites it), so it stays fixed.
    expect(fixed).toEqual([]);
  });
});
