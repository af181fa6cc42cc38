import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/wait-for.js";

/** Debian's package (`apt-get install -y chromium`); playwright-core brings no browser. */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** test-results/ is gitignored; the screenshot is there for a human (or a CI artifact) to look at. */
const SCREENSHOT = join("test-results", "playground.png");
/** Real clients on a shared, busy machine: give the page time to catch up. */
const POLL_MS = 20_000;

/**
 * The playground as an author uses it: `switchboard playground` with the default agent
 * (all-in-one, which has the polls skill), driven in a real headless Chromium.
 */
describe.skipIf(!existsSync(CHROMIUM))("playground in a real browser", () => {
  let child: ChildProcessWithoutNullStreams;
  let output = "";
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-playground-"));
    // Node with tsx as a loader, not npx: Ctrl-C (SIGINT) must reach the command itself.
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--disable-warning=ExperimentalWarning",
        "src/cli/main.ts",
        "playground",
        "--port",
        "0",
        "--data-dir",
        dataDir,
      ],
      { cwd: process.cwd(), env: { ...process.env, SWITCHBOARD_DATA_DIR: join(dataDir, "agent") } },
    );
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const url = await waitFor(() => /Playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1], {
      timeoutMs: 45_000,
      description: "the playground URL",
      explain: () => output,
    });
    context = await chromium.launchPersistentContext(
      mkdtempSync(join(tmpdir(), "switchboard-chromium-")),
      {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1360, height: 820 },
      },
    );
    context.setDefaultTimeout(20_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(url);
  });

  afterAll(async () => {
    await context?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
  });

  /** Sends `text` as the current user, the way an author does: type, press Enter. */
  async function say(text: string): Promise<void> {
    const box = page.locator("#composer textarea");
    await box.fill(text);
    await box.press("Enter");
    await expect.poll(() => box.inputValue(), { timeout: POLL_MS }).toBe("");
  }

  it("greets alice in her DM with the agent", async () => {
    await page.locator('#users button[data-user="alice"][aria-pressed="true"]').waitFor();
    await page
      .locator(".msg.from-agent", { hasText: "Hi! I'm the Switchboard demo agent." })
      .waitFor();
    await expect
      .poll(() => page.locator("#conversation-name").textContent(), { timeout: POLL_MS })
      .toBe("DM: alice — you are alice");
  });

  it("creates a group with the agent and two simulated users, members listed with roles", async () => {
    await page.locator("#new-group button[type=submit]").click();
    await expect
      .poll(() => page.locator("#conversation-name").textContent(), { timeout: POLL_MS })
      .toBe("Lunch club — you are alice");
    await expect
      .poll(() => page.locator("#members").textContent(), { timeout: POLL_MS })
      .toMatch(/alice \(super admin\)/);
    const members = await page.locator("#members li").allTextContents();
    expect(members.sort()).toEqual([
      "agent (member)",
      "alice (super admin)",
      "bob (member)",
      "carol (member)",
    ]);
    await page
      .locator(".note", { hasText: /alice added/ })
      .first()
      .waitFor();
  });

  it("runs a poll: buttons, a tap, the tally, then a second voter one click away", async () => {
    await say('/poll "Lunch?" pizza sushi');
    const poll = page.locator('.msg[data-kind="actions"]', { hasText: "Lunch?" });
    await poll.locator('button.action[data-action-id="0"]', { hasText: "pizza" }).click();
    await page.locator(".note", { hasText: "alice tapped “pizza”" }).waitFor();
    await say("/results");
    await page.locator(".msg.from-agent", { hasText: "pizza: 1 vote (100%)" }).waitFor();

    // One click makes bob the one typing and tapping; the group stays open, he is in it.
    await page.locator('#users button[data-user="bob"]').click();
    await expect
      .poll(() => page.locator("#conversation-name").textContent(), { timeout: POLL_MS })
      .toBe("Lunch club — you are bob");
    await poll.locator('button.action[data-action-id="1"]').click();
    await page.locator(".note", { hasText: "bob tapped “sushi”" }).waitFor();
    await say("/results");
    const tally = page.locator(".msg.from-agent", { hasText: "2 voters" });
    await tally.waitFor();
    expect(await tally.locator(".body").innerHTML()).toMatch(
      /<strong>sushi<\/strong>: 1 vote \(50%\)/,
    );
    // The agent quoted bob's /results; bob's own messages sit on the right.
    expect(await tally.locator(".quote").textContent()).toBe("↪ bob: /results");
    expect(await page.locator(".msg.mine", { hasText: "/results" }).count()).toBe(1);
  });

  it("reacts to a message and shows the agent's log lines for this conversation", async () => {
    const poll = page.locator('.msg[data-kind="actions"]', { hasText: "Lunch?" });
    await poll.hover();
    await poll.locator('.tools button[title="React 🎉"]').click();
    await poll.locator(".reactions button.mine", { hasText: "🎉 1" }).waitFor();
    await page.locator("#log-lines .log", { hasText: "vote" }).first().waitFor();
    await page.locator("#log-lines .log", { hasText: "[intent]" }).first().waitFor();
  });

  it("looks right (screenshot) and logged no page errors", async () => {
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
