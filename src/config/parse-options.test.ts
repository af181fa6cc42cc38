import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import { parseOptions } from "./parse-options.js";

const schema = z.object({ points: z.int().min(1).default(5), name: z.string().optional() });

describe("parseOptions", () => {
  it("returns the options with defaults applied", () => {
    expect(parseOptions(schema, {}, "demo")).toEqual({ points: 5 });
    expect(parseOptions(schema, { points: 2, name: "x" }, "demo")).toEqual({
      points: 2,
      name: "x",
    });
  });

  it("throws SB_ERR_CONFIG_INVALID naming the factory and every bad option", () => {
    let error: unknown;
    try {
      parseOptions(schema, { points: 0, name: 3 }, "demo");
    } catch (caught) {
      error = caught;
    }
    expect(isSwitchboardError(error, "SB_ERR_CONFIG_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(/^demo options are invalid: points: .*; name: /);
  });

  it("names the options themselves when they are not an object", () => {
    expect(() => parseOptions(schema, "nope", "demo")).toThrow(
      /demo options are invalid: \(options\)/,
    );
  });
});
