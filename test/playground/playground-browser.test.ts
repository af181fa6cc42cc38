import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/wait-for.js";

/** Debian's package (`apt-get install -y chromium`); playwright-core brings no browser. */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
/** test-results/ is gitignored; the screenshots are there for a human (or CI) to look at. */
const SCREENSHOTS = join("test-results", "playground");
/** Real clients on a shared, busy machine: give the page time to catch up. */
const SEEN_MS = 40_000;

/** Runs in the page (the tests compile without DOM types): what sticks out sideways. */
const OVERFLOW_PROBE = `({
  page: document.documentElement.scrollWidth - window.innerWidth,
  bubbles: [...document.querySelectorAll(".msg")].filter(
    (bubble) => bubble.scrollWidth > bubble.clientWidth + 1,
  ).length,
  offscreen: [...document.querySelectorAll("#chat .msg, #composer")].filter(
    (node) => node.getBoundingClientRect().right > window.innerWidth + 1,
  ).length,
})`;

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * The playground as an author uses it: `switchboard playground` with the default agent
 * (all-in-one: polls, moderation, membership), driven in a real headless Chromium at a desktop
 * and a phone size. Each size runs the whole story in its own group: the agent's welcome, a
 * poll three people vote in, a moderation strike ending in removal and a `/kick` by name, and
 * checks what a person sees.
 */
describe.skipIf(!existsSync(CHROMIUM))("playground in a real browser", () => {
  let child: ChildProcessWithoutNullStreams;
  let output = "";
  let url: string;
  let browser: Browser;

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
    url = await waitFor(() => /Playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1], {
      timeoutMs: 60_000,
      description: "the playground URL",
      explain: () => output,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
  });

  describe.each(VIEWPORTS)("at $width x $height ($name)", (viewport) => {
    let page: Page;
    const pageErrors: string[] = [];
    const narrow = viewport.width < 700;
    /** Both sizes name their group alike: the page must tell the two apart. */
    const group = "Lunch club";

    const shot = (step: string) =>
      page.screenshot({ path: join(SCREENSHOTS, `${viewport.name}-${step}.png`) });

    /** Sends `text` as the current user, the way an author does: type, press Enter. */
    async function say(text: string): Promise<void> {
      const box = page.locator("#composer textarea");
      await box.fill(text);
      await box.press("Enter");
      await expect.poll(() => box.inputValue(), { timeout: SEEN_MS }).toBe("");
    }

    /** Opens the sidebar where the phone layout hides it. */
    async function openSidebar(): Promise<void> {
      if (!(await page.locator("#sidebar").isVisible()))
        await page.locator("#toggle-sidebar").click();
      await page.locator("#sidebar").waitFor({ state: "visible" });
    }

    /** Becomes `name` (one click in the sidebar); the open group stays open for its members. */
    async function actAs(name: string): Promise<void> {
      await openSidebar();
      await page.locator(`#users button[data-user="${name}"]`).click();
      await expect
        .poll(() => page.locator("#conversation-name").textContent(), { timeout: SEEN_MS })
        .toMatch(new RegExp(`— you are ${name}$`));
    }

    const agentSays = (text: string | RegExp): Locator =>
      page.locator(".msg.from-agent", { hasText: text }).last();
    const note = (text: string | RegExp): Locator =>
      page.locator(".note", { hasText: text }).last();
    const poll = () => page.locator('.msg[data-kind="actions"]', { hasText: "Lunch?" }).last();

    /** Neither the page nor any bubble is wider than the screen. */
    async function expectNoHorizontalOverflow(): Promise<void> {
      const overflow = await page.evaluate(OVERFLOW_PROBE);
      expect(overflow).toEqual({ page: 0, bubbles: 0, offscreen: 0 });
    }

    beforeAll(async () => {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
      });
      context.setDefaultTimeout(SEEN_MS);
      page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") pageErrors.push(message.text());
      });
      await page.goto(url);
    });

    afterAll(async () => {
      await page?.context().close();
    });

    it("shows the chat first, the agent's greeting in alice's DM", async () => {
      await actAs("alice");
      await agentSays("Hi! I'm the Switchboard demo agent.").waitFor();
      // On a phone the conversation list is folded away; the chat is what shows.
      expect(await page.locator("#sidebar").isVisible()).toBe(!narrow);
      expect(await page.locator("#messages").isVisible()).toBe(true);
      await expectNoHorizontalOverflow();
    });

    it("says next to the field what is wrong with a form, in plain words", async () => {
      await openSidebar();
      const form = page.locator("#new-group");
      await form.locator('input[name="members"]').fill("bob, Bob!");
      await form.locator("button[type=submit]").click();
      const error = form.locator('.field-error[data-field="members"]');
      await expect
        .poll(() => error.textContent(), { timeout: SEEN_MS })
        .toMatch(/“Bob!” can't be a name/);
      expect(await error.textContent()).not.toMatch(/members\.\d|invalid_format/);
      expect(await form.locator('input[name="members"]').getAttribute("aria-invalid")).toBe("true");
      await shot("form-error");
      // The browser logs the refused request itself; that one 400 is this test's doing.
      const refused = pageErrors.findIndex((text) => /status of 400/.test(text));
      expect(refused).not.toBe(-1);
      pageErrors.splice(refused, 1);
      await form.locator('input[name="members"]').fill("bob, carol");
    });

    it("creates a group where the agent is an admin and welcomes everyone", async () => {
      const form = page.locator("#new-group");
      await form.locator('input[name="name"]').fill(group);
      await form.locator("button[type=submit]").click();
      await expect
        .poll(() => page.locator("#conversation-name").textContent(), { timeout: SEEN_MS })
        .toBe(`${group} — you are alice`);
      await agentSays("Hi everyone, thanks for adding me!").waitFor();
      await expect
        .poll(() => page.locator("#members").textContent(), { timeout: SEEN_MS })
        .toMatch(/agent 0x[0-9a-f]{4}…[0-9a-f]{4} \(super admin\)/);
      expect(await page.locator('#members [data-member="bob"]').textContent()).toMatch(
        /^bob 0x[0-9a-f]{4}…[0-9a-f]{4} \(member\)$/,
      );
      if (viewport.name === "phone") {
        // The desktop run made a group with the same name: the id tells them apart.
        await openSidebar();
        const ids = await page
          .locator("#conversations button", { hasText: group })
          .locator(".conv-id")
          .allTextContents();
        expect(ids).toHaveLength(2);
        expect(new Set(ids).size).toBe(2);
        await shot("sidebar");
        await page.locator("#sidebar .close-panel").click();
        await page.locator("#sidebar").waitFor({ state: "hidden" });
      }
      await shot("group");
    });

    it("runs a poll three people vote in: live tally, each viewer's choice, disabled after /close", async () => {
      await say('/poll "Lunch?" pizza sushi tacos');
      const button = (index: number) => poll().locator(`button.action[data-action-id="${index}"]`);
      await button(0).click();
      await expect
        .poll(() => button(0).getAttribute("aria-pressed"), { timeout: SEEN_MS })
        .toBe("true");
      await actAs("bob");
      await button(1).click();
      await actAs("carol");
      await button(0).click();
      await expect
        .poll(() => poll().locator(".poll-summary").textContent(), { timeout: SEEN_MS })
        .toBe("Open · 3 voters · you chose “pizza”");
      expect(await button(0).locator(".count").textContent()).toBe("2");
      expect(await button(1).locator(".count").textContent()).toBe("1");
      expect(await button(2).locator(".count").textContent()).toBe("0");
      expect(await button(0).getAttribute("aria-pressed")).toBe("true");
      expect(await button(1).getAttribute("aria-pressed")).toBe("false");
      await note("bob tapped “sushi”").waitFor();
      await shot("poll-open");

      await actAs("alice");
      await say("/close");
      const results = agentSays("Poll closed.");
      await results.waitFor();
      expect(await results.textContent()).toMatch(/3 voters/);
      expect(await results.textContent()).not.toMatch(/No votes yet/);
      await expect.poll(() => button(1).isDisabled(), { timeout: SEEN_MS }).toBe(true);
      expect(await button(0).isDisabled()).toBe(true);
      expect(await poll().locator(".poll-summary").textContent()).toBe(
        "Closed · 3 voters · you chose “pizza”",
      );
      await shot("poll-closed");
    });

    it("moderates: a word rule's third strike removes carol, then /kick bob by name", async () => {
      await say("/rule add word spam");
      await agentSays(/spam/).waitFor();
      await actAs("carol");
      for (let strike = 1; strike <= 3; strike++) {
        const answers = await page.locator(".msg.from-agent").count();
        await say(`cheap spam ${strike}`);
        await expect
          .poll(() => page.locator(".msg.from-agent").count(), { timeout: SEEN_MS })
          .toBeGreaterThan(answers);
      }
      await actAs("alice");
      await note("agent removed carol").waitFor();
      await say("/kick bob");
      await note("agent removed bob").waitFor();
      await expect
        .poll(() => page.locator("#members li").allTextContents(), { timeout: SEEN_MS })
        .toHaveLength(2);
      await shot("moderation");
    });

    it("wraps long unbroken text inside its bubble and keeps everything on screen", async () => {
      await say(`look: ${"0123456789abcdef".repeat(24)}`);
      await page.locator(".msg.mine", { hasText: "0123456789abcdef0123" }).last().waitFor();
      await expectNoHorizontalOverflow();
      await shot("long-text");
    });

    it("shows log lines as time, level, message and key=value pairs", async () => {
      if (!(await page.locator("#logs").isVisible())) await page.locator("#toggle-logs").click();
      const line = page.locator("#log-lines .log", { hasText: "event settled" }).last();
      await line.waitFor();
      expect(await line.textContent()).toMatch(
        /^\d{1,2}:\d{2}:\d{2}(\s?[AP]M)? INFO {2}event settled .*outcome=\w+/,
      );
      expect(await page.locator("#log-lines").textContent()).not.toMatch(/\{"/);
      await shot("log");
    });

    it("logged no page errors", () => {
      expect(pageErrors).toEqual([]);
    });
  });
});
