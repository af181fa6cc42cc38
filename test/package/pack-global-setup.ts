import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of this run's `npm pack` of the package. */
    tarball: string;
  }
}

/**
 * Vitest globalSetup of the `package` project: builds and packs the package once per run, as
 * `npm publish` would, and hands the tarball's path to every test file (`inject("tarball")`).
 */
export default function setup(project: TestProject): () => void {
  const out = mkdtempSync(join(tmpdir(), "switchboard-pack-"));
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  // The build just ran: the prepack script need not run it again.
  const packed = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", out],
    { cwd: ROOT, encoding: "utf8" },
  );
  const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
  project.provide("tarball", join(out, filename));
  return () => rmSync(out, { recursive: true, force: true });
}
