import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { tempProjectDir } from "./user-project.js";

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) =>
    statSync(join(dir, file)).isFile(),
  );

/** `lodash/fp` -> `lodash`, `@scope/name/sub` -> `@scope/name`; relative and built-in -> undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:") || specifier.startsWith("/"))
    return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** What the packed tarball holds, as npm would publish it. */
describe("the packed tarball", () => {
  const tarball = inject("tarball");
  const unpacked = tempProjectDir("unpacked");
  let files: string[] = [];
  let manifest: Manifest;

  beforeAll(() => {
    execFileSync("tar", ["xzf", tarball, "-C", unpacked]);
    files = filesUnder(join(unpacked, "package"));
    manifest = JSON.parse(readFileSync(join(unpacked, "package", "package.json"), "utf8"));
  });

  it("ships built JavaScript, declarations, the CLI and its assets; no tests, benchmarks or sources", () => {
    console.log(`${files.length} files in ${relative(process.cwd(), tarball)}`);
    for (const expected of [
      "package.json",
      "README.md",
      "bin/switchboard.js",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/testing/index.d.ts",
      "dist/src/devnode/index.js",
      "dist/src/skills/index.js",
      "dist/src/cli/main.js",
      "dist/src/cli/init-template/agent.ts.tpl",
      "dist/src/playground/public/index.html",
    ])
      expect(files).toContain(expected);
    const unwanted = files.filter(
      (file) =>
        (/\.test(-d)?\.|\.exclusive\./.test(file) && !file.endsWith(".tpl")) ||
        /^(test|bench|agents|src|middleware)\//.test(file) ||
        /^dist\/(agents|test|bench)\//.test(file) ||
        (file.endsWith(".ts") && !file.endsWith(".d.ts")),
    );
    expect(unwanted).toEqual([]);
  });

  it("declares every package its JavaScript imports, and imports no devDependency", () => {
    const imported = new Map<string, string>();
    const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["']([^"']+)["']/gm;
    for (const file of files.filter((name) => name.endsWith(".js"))) {
      const text = readFileSync(join(unpacked, "package", file), "utf8");
      for (const [, specifier] of text.matchAll(pattern)) {
        const name = specifier && packageOf(specifier);
        if (name && name !== "switchboard") imported.set(name, file);
      }
    }
    console.log(`imported packages: ${[...imported.keys()].sort().join(", ")}`);
    const undeclared = [...imported].filter(([name]) => !(name in manifest.dependencies));
    expect(undeclared).toEqual([]);
  });

  it("passes publint", async () => {
    const tarballBytes = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: tarballBytes.buffer.slice(0) as ArrayBuffer },
      level: "suggestion",
      strict: true,
    });
    const lines = messages.map((message) => `${message.type}: ${formatMessage(message, pkg)}`);
    console.log(
      `publint: ${lines.length} message(s)${lines.length ? `\n${lines.join("\n")}` : ""}`,
    );
    expect(lines).toEqual([]);
  });
});
