import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** One code example found in the docs, to be type-checked as a module of its own. */
export interface DocExample {
  /** Where it is: `README.md:120` or `src/agent/run-agent.ts:14`. */
  origin: string;
  /** Stable across line moves: the file and a hash of the code. */
  key: string;
  code: string;
}

const example = (file: string, line: number, code: string): DocExample => ({
  origin: `${file}:${line}`,
  key: `${file} ${createHash("sha1").update(code).digest("hex").slice(0, 10)}`,
  code,
});

/**
 * The ```ts blocks of a markdown file. A block fenced as ```ts fragment is a piece of a larger
 * file (it uses names it does not import) and is skipped.
 */
export function markdownExamples(file: string, text: string): DocExample[] {
  const found: DocExample[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const info = lines[i]?.match(/^```(\S+)\s*(.*)$/);
    if (!info) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    const body = lines.slice(i + 1, end).join("\n");
    if (info[1] === "ts" && !/\bfragment\b/.test(info[2] ?? ""))
      found.push(example(file, i + 2, body));
    i = end;
  }
  return found;
}

/**
 * The `@example` blocks of the TSDoc comments in a source file: the fenced ```ts block when
 * there is one, the example's text otherwise. ```ts fragment blocks are skipped.
 */
export function tsdocExamples(file: string, text: string): DocExample[] {
  const found: DocExample[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, comment.index).split("\n").length;
    const lines = comment[0]
      .split("\n")
      .map((line) => line.replace(/^\s*\/?\*\*?\/?\s?/, "").replace(/\s*\*\/$/, ""));
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]?.startsWith("@example")) continue;
      const rest = lines.slice(i + 1);
      const end = rest.findIndex((line) => /^@\w/.test(line));
      const body = (end === -1 ? rest : rest.slice(0, end)).join("\n").trim();
      const fenced = body.match(/^```(\S*)([^\n]*)\n([\s\S]*?)\n```/);
      if (fenced && /\bfragment\b/.test(fenced[2] ?? "")) continue;
      const code = fenced ? (fenced[3] ?? "") : body;
      if (code) found.push(example(file, startLine + i + 1, code));
    }
  }
  return found;
}

/** Every non-test TypeScript file under `dirs` (relative to `root`). */
export function sourceFiles(root: string, dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !/\.test(-d)?\.ts$|\.d\.ts$/.test(file))
      .map((file) => relative(root, join(root, dir, file))),
  );
}

/** All examples of the README and of the TSDoc in `dirs`. */
export function allExamples(root: string, dirs: string[]): DocExample[] {
  return [
    ...markdownExamples("README.md", readFileSync(join(root, "README.md"), "utf8")),
    ...sourceFiles(root, dirs).flatMap((file) =>
      tsdocExamples(file, readFileSync(join(root, file), "utf8")),
    ),
  ];
}
