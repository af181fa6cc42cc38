import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definition } from "../../agents/all-in-one.js";
import { ChatSession } from "../../src/chat/chat-session.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { waitFor } from "../../src/testing/wait-for.js";

/** Real clients on a busy machine: a line may take a while to arrive. */
const LINE_MS = 40_000;

/**
 * The terminal chat with the default demo agent (all-in-one), as a person types into it: a DM,
 * a group where the agent is an admin, a poll three people vote in, a moderation strike ending
 * in removal and a `/kick` by name. Every assertion is on the printed lines.
 */
describe("terminal chat session", () => {
  let bot: TestAgent;
  let session: ChatSession;
  const printed: string[] = [];
  /** Waits for a line matching `pattern` printed after position `from`; returns its position. */
  const sawLine = async (pattern: RegExp, from = 0) => {
    const index = await waitFor(
      () => {
        const found = printed.findIndex((line, i) => i >= from && pattern.test(line));
        return found === -1 ? undefined : found;
      },
      {
        timeoutMs: LINE_MS,
        description: `a printed line matching ${pattern}`,
        explain: () => printed.slice(-12).join("\n"),
      },
    );
    return index;
  };

  beforeAll(async () => {
    const skills = definition().skills ?? [];
    bot = await TestAgent.start({ skills, builtins: false });
    session = await ChatSession.open({ agent: bot.agent, skills, print: (l) => printed.push(l) });
  });

  afterAll(async () => {
    await session?.close();
    await bot?.stop();
  });

  it("greets in the DM and renders /help for a terminal", async () => {
    await sawLine(/^agent › Hi! I'm the Switchboard demo agent\./);
    const from = printed.length;
    await session.handle("/help");
    const start = await sawLine(/^agent › hello$/, from);
    await sawLine(/^ +membership$/, from);
    const help = printed.slice(start, start + 60).join("\n");
    expect(help).toMatch(/• \/poll <question> <option>\.\.\. — Start a poll/);
    expect(help).not.toMatch(/\*\*|`/);
    // In a DM, no admin commands: they only work in groups.
    expect(help).not.toMatch(/\/kick|\/add|\/promote|\/rule /);
  });

  it("opens a group where the agent is an admin and says hello; members show addresses", async () => {
    const from = printed.length;
    await session.handle(".group Lunch club");
    await sawLine(/created group "Lunch club"/, from);
    await sawLine(/^agent › Hi everyone, thanks for adding me!/, from);
    await sawLine(/^· you made agent a super admin$/, from);
    await session.handle(".members");
    await sawLine(/^· agent 0x[0-9a-f]{4}…[0-9a-f]{4} \(super admin\)$/, from);
    await sawLine(/^· bob 0x[0-9a-f]{4}…[0-9a-f]{4} \(member\)$/, from);
  });

  it("echoes a simulated member's line once", async () => {
    const from = printed.length;
    await session.handle(".as bob hello all");
    await sawLine(/^bob › hello all$/, from);
    await session.handle("/rules");
    await sawLine(/^agent › /, from);
    expect(printed.slice(from).filter((line) => line === "bob › hello all")).toHaveLength(1);
  });

  it("runs a poll three people vote in: labels, live tally with your choice, closed buttons", async () => {
    let from = printed.length;
    await session.handle('/poll "Lunch?" pizza sushi tacos');
    await sawLine(/^ {4}\[1\] pizza {3}\[2\] sushi {3}\[3\] tacos {3}\(type \.pick N\)$/, from);
    await session.handle(".pick 1");
    await sawLine(/^· you tapped "pizza"$/, from);
    await sawLine(/^ {4}📊 \[1\] pizza 1 ✓ {3}\[2\] sushi 0 {3}\[3\] tacos 0 {3}· 1 voter$/, from);
    await session.handle(".as bob .pick 2");
    await session.handle(".as carol .pick 1");
    await sawLine(/^· bob tapped "sushi"$/, from);
    await sawLine(/^ {4}📊 \[1\] pizza 2 ✓ {3}\[2\] sushi 1 {3}\[3\] tacos 0 {3}· 3 voters$/, from);
    // Taps show labels, never the raw 0-based ids.
    expect(printed.slice(from).some((line) => /tapped "?\d/.test(line))).toBe(false);

    from = printed.length;
    await session.handle("/close");
    await sawLine(/^agent › 🔒 Poll closed\. Final results:/, from);
    await sawLine(/^ {2,}3 voters$/, from);
    await sawLine(
      /^ {4}🔒 poll #1 closed: \[1\] pizza 2 ✓ {3}\[2\] sushi 1 {3}\[3\] tacos 0 {3}· 3 voters$/,
      from,
    );
    expect(printed.slice(from).join("\n")).not.toMatch(/No votes yet/);
    await session.handle(".as bob .pick 3");
    expect(printed.at(-1)).toBe("· poll #1 is closed: its buttons no longer take taps");
    const counts = printed.filter((line) => /^ {4}(📊|🔒 poll)/.test(line));
    console.log(`poll: ${counts.length} tally lines, last: ${counts.at(-1)?.trim()}`);
  });

  it("moderates: three strikes remove carol, and /kick bob removes bob by name", async () => {
    let from = printed.length;
    await session.handle("/rule add word spam");
    await sawLine(/^agent › .*spam/i, from);
    for (let strike = 1; strike <= 3; strike++) {
      const at = printed.length;
      await session.handle(`.as carol cheap spam ${strike}`);
      await sawLine(/^agent › /, at);
    }
    await sawLine(/^· agent removed carol$/, from);

    from = printed.length;
    await session.handle("/kick bob");
    await sawLine(/^· agent removed bob$/, from);
    await session.handle(".members");
    await sawLine(/^· you 0x/, from);
    const members = printed.slice(from).filter((line) => /^· (agent|you|bob|carol) 0x/.test(line));
    expect(members.map((line) => line.split(" ")[1])).toEqual(
      expect.not.arrayContaining(["bob", "carol"]),
    );
    expect(await session.handle(".quit")).toBe(false);
  });
});
