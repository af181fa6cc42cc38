import { defineConfig } from "vitest/config";

/**
 * Three projects, run one after the other by `npm test`:
 * - `shared`: every test file shares one devnode on port 5556 (globalSetup).
 * - `exclusive`: tests that stop and restart the devnode itself, one file at a time.
 * - `package`: the package as users get it: built and packed once (globalSetup), installed into
 *   projects outside the repo, one file at a time (each runs npm, tsc and agents).
 */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Real MLS clients are CPU-heavy; two cores run two files at a time comfortably.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: "shared",
          include: ["{src,middleware,agents,test}/**/*.test.ts"],
          exclude: ["**/*.exclusive.test.ts", "**/node_modules/**", "test/package/**"],
          globalSetup: ["./src/testing/global-setup.ts"],
          typecheck: { enabled: true, include: ["**/*.test-d.ts"] },
        },
      },
      {
        test: {
          ...shared,
          name: "exclusive",
          include: ["{src,middleware,agents,test}/**/*.exclusive.test.ts"],
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "package",
          include: ["test/package/**/*.test.ts"],
          globalSetup: ["./src/testing/global-setup.ts", "./test/package/pack-global-setup.ts"],
          fileParallelism: false,
          // npm installs and agent start-ups on a shared 2-core machine.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
