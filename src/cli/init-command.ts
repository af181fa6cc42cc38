import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { UsageError } from "./cli-error.js";

const TEMPLATE = new URL("./init-template/", import.meta.url);

/** Template files whose names npm pack would drop or that must not act in the template dir. */
const RENAMED: Record<string, string> = {
  "gitignore.tpl": ".gitignore",
  "env.example.tpl": ".env.example",
};

const projectName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,213}$/, "a project name is lowercase letters, digits, . _ -");

interface OwnPackage {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** The versions this package was tested with: the new project starts from the same ones. */
function ownPackage(): OwnPackage {
  return createRequire(import.meta.url)("switchboard/package.json") as OwnPackage;
}

/** `--from` as a package.json dependency spec: local files by absolute path, the rest as given. */
function dependencySpec(from: string | undefined, version: string): string {
  if (from === undefined) return `^${version}`;
  const local = from.endsWith(".tgz") || from.startsWith(".") || isAbsolute(from);
  return local ? `file:${resolve(from)}` : from;
}

function packageJson(name: string, switchboard: string, own: OwnPackage): string {
  const pin = (table: Record<string, string>, dependency: string) => {
    const version = table[dependency];
    if (!version) throw new Error(`switchboard's package.json does not pin ${dependency}`);
    return version;
  };
  const manifest = {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=22.18" },
    scripts: {
      start: "switchboard chat --agent agent.ts",
      agent: "node main.ts",
      test: "tsc && vitest run",
    },
    dependencies: { switchboard, zod: pin(own.dependencies, "zod") },
    devDependencies: {
      "@types/node": pin(own.devDependencies, "@types/node"),
      typescript: pin(own.devDependencies, "typescript"),
      vitest: pin(own.devDependencies, "vitest"),
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** `switchboard init <dir>`: a new project that depends on switchboard, its test passing. */
export async function runInitCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { from: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [dir, extra] = positionals;
  if (dir === undefined)
    throw new UsageError("needs the new project's directory, e.g. init my-bot");
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  const target = resolve(dir);
  const name = projectName.safeParse(basename(target));
  if (!name.success)
    throw new UsageError(`"${basename(target)}": ${name.error.issues[0]?.message}`);
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new UsageError(`${dir} exists and is not empty`);

  const own = ownPackage();
  mkdirSync(target, { recursive: true });
  const written: string[] = [];
  for (const file of readdirSync(TEMPLATE)) {
    const text = readFileSync(new URL(file, TEMPLATE), "utf8").replaceAll("{{name}}", name.data);
    const output = RENAMED[file] ?? file.replace(/\.tpl$/, "");
    writeFileSync(resolve(target, output), text);
    written.push(output);
  }
  writeFileSync(
    resolve(target, "package.json"),
    packageJson(name.data, dependencySpec(values.from, own.version), own),
  );
  written.push("package.json");
  console.log(
    `Wrote ${dir}: ${written.sort().join(", ")}\n\nNext:\n  cd ${dir}\n  npm install\n  npm test     # a real user talks to the agent on a local XMTP node\n  npm start    # chat with it yourself`,
  );
}
