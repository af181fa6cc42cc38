import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Starts a local XMTP node on port 5556 for the run, unless one is already running.
    globalSetup: ["switchboard/testing/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
