import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/wait-for.js";

/** The README's main job as a user runs it: `npm start` is `switchboard chat`. */
describe("switchboard chat (the main job)", () => {
  it("starts the agent, chats, creates a group and exits on .quit", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-chat-"));
    const child = spawn("npx", ["tsx", "src/cli/main.ts", "chat", "--data-dir", dataDir], {
      cwd: process.cwd(),
      env: { ...process.env, SWITCHBOARD_DATA_DIR: join(dataDir, "agent") },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      errors += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await waitFor(() => output.includes("is ready"), {
        timeoutMs: 90_000,
        description: "the agent to be ready",
        explain: () => `${output}\n--- stderr ---\n${errors}`,
      });
      await waitFor(() => output.includes("agent › Hi!"), {
        description: "the greeting",
        explain: () => output,
      });
      child.stdin.write("/help\n");
      await waitFor(() => output.includes("Greets new DMs"), {
        description: "the help text",
        explain: () => output,
      });
      child.stdin.write(".group Demo\n");
      await waitFor(() => output.includes('created group "Demo"'), {
        description: "the group",
        explain: () => output,
      });
      child.stdin.write(".quit\n");
      expect(await exited).toBe(0);
      // libxmtp's SQLCipher notice stays out of the terminal.
      expect(errors).not.toMatch(/sqlcipherCodecAttach/);
    } finally {
      child.kill();
    }
    // Two processes start (the chat runs in a child whose stderr is filtered): allow for it.
  }, 150_000);
});
