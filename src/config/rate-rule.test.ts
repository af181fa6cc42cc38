import { describe, expect, expectTypeOf, it } from "vitest";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import type { SwitchboardConfig } from "./config-schema.js";
import { loadConfig } from "./load-config.js";
import { type RateRule, rateRule, rateRuleOrOff } from "./rate-rule.js";

describe("rateRule", () => {
  it.each([
    ["20/60s", { points: 20, durationMs: 60_000 }],
    ["3000/5m", { points: 3000, durationMs: 300_000 }],
    [" 3 / 2s ", { points: 3, durationMs: 2_000 }],
    ["10/500ms", { points: 10, durationMs: 500 }],
    ["1/1h", { points: 1, durationMs: 3_600_000 }],
  ])("parses %j", (text, rule) => {
    expect(rateRule.parse(text)).toEqual(rule);
  });

  it.each(["20", "20/60", "0/60s", "20/0s", "-1/60s", "1.5/60s", "20/60d", "off", ""])(
    "refuses %j",
    (text) => {
      const result = rateRule.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/N\/<duration>.*units ms, s, m or h/);
    },
  );

  it("accepts off (in any case) only where a limit may be disabled", () => {
    expect(rateRuleOrOff.parse("off")).toBe(false);
    expect(rateRuleOrOff.parse("OFF")).toBe(false);
    expect(rateRuleOrOff.parse("5/10s")).toEqual({ points: 5, durationMs: 10_000 });
    expect(rateRuleOrOff.safeParse("never").success).toBe(false);
  });
});

describe("rate limit and outbound variables", () => {
  it("are absent unless set", () => {
    const config = loadConfig({ env: {}, envFile: false });
    expect(config.SWITCHBOARD_RATE_LIMIT_SENDER).toBeUndefined();
    expect(config.SWITCHBOARD_OUTBOUND_BUDGET).toBeUndefined();
    expectTypeOf(config.SWITCHBOARD_RATE_LIMIT_SENDER).toEqualTypeOf<
      RateRule | false | undefined
    >();
    expectTypeOf(config.SWITCHBOARD_OUTBOUND_BUDGET).toEqualTypeOf<RateRule | undefined>();
  });

  it("parse from the environment", () => {
    const config: SwitchboardConfig = loadConfig({
      envFile: false,
      env: {
        SWITCHBOARD_RATE_LIMIT_SENDER: "5/10s",
        SWITCHBOARD_RATE_LIMIT_CONVERSATION: "off",
        SWITCHBOARD_RATE_LIMIT_GLOBAL: "500/1m",
        SWITCHBOARD_OUTBOUND_BUDGET: "3000/5m",
        SWITCHBOARD_OUTBOUND_HEADROOM: "0.2",
        SWITCHBOARD_OUTBOUND_MAX_ATTEMPTS: "7",
      },
    });
    expect(config).toMatchObject({
      SWITCHBOARD_RATE_LIMIT_SENDER: { points: 5, durationMs: 10_000 },
      SWITCHBOARD_RATE_LIMIT_CONVERSATION: false,
      SWITCHBOARD_RATE_LIMIT_GLOBAL: { points: 500, durationMs: 60_000 },
      SWITCHBOARD_OUTBOUND_BUDGET: { points: 3000, durationMs: 300_000 },
      SWITCHBOARD_OUTBOUND_HEADROOM: 0.2,
      SWITCHBOARD_OUTBOUND_MAX_ATTEMPTS: 7,
    });
  });

  it("name the variable and the expected format when invalid", () => {
    let error: unknown;
    try {
      loadConfig({
        envFile: false,
        env: { SWITCHBOARD_RATE_LIMIT_SENDER: "lots", SWITCHBOARD_OUTBOUND_HEADROOM: "0.95" },
      });
    } catch (caught) {
      error = caught;
    }
    expect(isSwitchboardError(error, "SB_ERR_CONFIG_INVALID")).toBe(true);
    expect((error as Error).message).toContain(
      'SWITCHBOARD_RATE_LIMIT_SENDER: expected N/<duration> like "20/60s" (N and the duration above zero, units ms, s, m or h), or "off"; got "lots"',
    );
    expect((error as Error).message).toContain("SWITCHBOARD_OUTBOUND_HEADROOM");
  });
});
