import { readFile } from "node:fs/promises";

/** The page's files: a fixed list, so no request path ever reaches the file system. */
const ASSETS = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
} as const;

/** One file of the page, as served. */
export interface StaticAsset {
  body: Buffer;
  type: string;
}

/**
 * Loads the page (plain HTML, CSS and JS in `public/`, no build step) into memory once.
 *
 * @example
 * const assets = await loadStaticAssets();
 * assets.get("/app.js")?.body;
 */
export async function loadStaticAssets(): Promise<Map<string, StaticAsset>> {
  const folder = new URL("./public/", import.meta.url);
  const entries = await Promise.all(
    Object.entries(ASSETS).map(async ([path, asset]) => {
      const body = await readFile(new URL(asset.file, folder));
      return [path, { body, type: asset.type }] as const;
    }),
  );
  return new Map(entries);
}
