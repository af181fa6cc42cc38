import { describe, expect, it } from "vitest";
import { parseCommandArgs } from "../../index.js";
import { pollCommands } from "./poll-commands.js";
import { polls } from "./polls.js";
import { pollsConfigSchema } from "./polls-config.js";

const commands = pollCommands(pollsConfigSchema.parse({ maxOptions: 3, maxDurationMs: 3_600_000 }));

describe("poll commands", () => {
  it("trims the question and options and bounds the option count by the config", () => {
    expect(parseCommandArgs(commands.poll, [" Lunch? ", "pizza ", "sushi"])).toEqual({
      ok: true,
      value: ["Lunch?", "pizza", "sushi"],
    });
    const tooMany = parseCommandArgs(commands.poll, ["Q", "a", "b", "c", "d"]);
    expect(tooMany.ok || tooMany.error).toBe("<option>: expected at most 3, got 4");
    const blank = parseCommandArgs(commands.poll, ["  ", "a", "b"]);
    expect(blank.ok || blank.error).toBe("<question>: the question is empty");
  });

  it("reads /pollfor durations up to the configured maximum", () => {
    expect(parseCommandArgs(commands.pollfor, ["1h", "Q", "a", "b"])).toEqual({
      ok: true,
      value: [3_600_000, "Q", "a", "b"],
    });
    const tooLong = parseCommandArgs(commands.pollfor, ["2h", "Q", "a", "b"]);
    expect(tooLong.ok || tooLong.error).toBe("<duration>: a poll can run at most 1 hour");
    const garbled = parseCommandArgs(commands.pollfor, ["Q", "a", "b"]);
    expect(garbled.ok || garbled.error).toContain("<duration>: expected a duration like 30s");
  });

  it("takes an optional poll number, with or without #", () => {
    expect(parseCommandArgs(commands.results, [])).toEqual({ ok: true, value: [undefined] });
    expect(parseCommandArgs(commands.close, ["#12"])).toEqual({ ok: true, value: [12] });
    const bad = parseCommandArgs(commands.results, ["0"]);
    expect(bad.ok || bad.error).toBe("<poll>: expected a poll number like 2 or #2");
  });
});

describe("polls options", () => {
  it("refuses more than XMTP's 10 buttons and a default duration over the maximum", () => {
    expect(() => polls({ maxOptions: 11 })).toThrow(/maxOptions/);
    expect(() => polls({ defaultDurationMs: 7_200_000, maxDurationMs: 3_600_000 })).toThrow(
      /defaultDurationMs must not exceed maxDurationMs/,
    );
    expect(polls().name).toBe("polls");
  });
});
