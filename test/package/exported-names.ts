import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * The names a built declaration file (or a source file) exports, following `export * from`
 * into the files it names: what a user can import from an entry point.
 */
export function exportedNames(dtsFile: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(dtsFile)) return names;
  seen.add(dtsFile);
  const text = readFileSync(dtsFile, "utf8");
  for (const [, list] of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of (list ?? "").split(",")) {
      const name = item
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)
        .at(-1);
      if (name) names.add(name);
    }
  }
  const declared =
    /export\s+(?:declare\s+)?(?:abstract\s+|async\s+)?(?:function|class|const|let|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/g;
  for (const [, name] of text.matchAll(declared)) if (name) names.add(name);
  for (const [, from] of text.matchAll(/export\s+\*\s+from\s+["']([^"']+)["']/g)) {
    // A declaration file's `./x.js` is `./x.d.ts`; a source file's is `./x.ts`.
    const extension = dtsFile.endsWith(".d.ts") ? ".d.ts" : ".ts";
    const target = resolve(dirname(dtsFile), (from ?? "").replace(/\.js$/, extension));
    for (const name of exportedNames(target, seen)) names.add(name);
  }
  return names;
}
