import { defineConfig } from "vitest/config";

/**
 * Two projects, run one after the other by `npm test`:
 * - `shared`: every test file shares one devnode on port 5556 (globalSetup).
 * - `exclusive`: tests that stop and restart the devnode itself, one file at a time.
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
          exclude: ["**/*.exclusive.test.ts", "**/node_modules/**"],
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
    ],
  },
});
