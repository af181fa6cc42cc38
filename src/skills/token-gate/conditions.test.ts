import { describe, expect, it } from "vitest";
import { SwitchboardError } from "../../index.js";
import {
  type Condition,
  conditionSchema,
  MAX_GROUP_NESTING,
  MAX_GROUP_SIZE,
  parseCondition,
  parseConditionJson,
  withDefaultChain,
} from "./conditions.js";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/** The message parseCondition throws, failing the test if it does not throw a SwitchboardError. */
function rejection(input: unknown): string {
  try {
    parseCondition(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchboardError);
    expect((error as SwitchboardError).code).toBe("SB_ERR_TOKEN_GATE_INVALID_CONDITION");
    return (error as SwitchboardError).message;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

function nested(levels: number): unknown {
  let condition: unknown = { kind: "erc721-owner", token: TOKEN };
  for (let level = 0; level < levels; level++) condition = { kind: "all", conditions: [condition] };
  return condition;
}

describe("parseCondition", () => {
  it("normalizes addresses to their checksum and amounts to canonical decimals", () => {
    expect(
      parseCondition({
        kind: "erc20-balance",
        token: TOKEN.toLowerCase(),
        min: "000100",
        chainId: 8453,
      }),
    ).toEqual({ kind: "erc20-balance", token: TOKEN, min: "100", chainId: 8453 });
    expect(parseCondition({ kind: "erc721-owner", token: TOKEN, tokenId: "07" })).toEqual({
      kind: "erc721-owner",
      token: TOKEN,
      tokenId: "7",
    });
  });

  it("accepts groups nested up to the limit, and says why one level deeper is refused", () => {
    expect(parseCondition(nested(MAX_GROUP_NESTING))).toEqual(nested(MAX_GROUP_NESTING));
    expect(rejection(nested(MAX_GROUP_NESTING + 1))).toContain(
      `all/any groups nest at most ${MAX_GROUP_NESTING} deep`,
    );
  });

  it("stops at the nesting limit however deep the input goes", () => {
    expect(rejection(nested(10_000))).toContain("nest at most");
  });

  it.each([
    ["an unknown kind", { kind: "erc1155-balance", token: TOKEN }, "kind"],
    ["a malformed address", { kind: "erc721-owner", token: "0x1234" }, "must be a 0x address"],
    ["a bad checksum", { kind: "erc721-owner", token: TOKEN.replace("F", "f") }, "checksummed"],
    [
      "a fractional amount",
      { kind: "erc20-balance", token: TOKEN, min: "1.5" },
      "decimal string of digits",
    ],
    ["a numeric amount", { kind: "erc20-balance", token: TOKEN, min: 100 }, "min"],
    ["a zero minimum", { kind: "erc20-balance", token: TOKEN, min: "0" }, "0 would admit everyone"],
    [
      "an amount over uint256",
      { kind: "erc20-balance", token: TOKEN, min: `1${"0".repeat(78)}` },
      "256 bits",
    ],
    ["a misspelt key", { kind: "erc20-balance", token: TOKEN, minimum: "1" }, "minimum"],
    ["an empty group", { kind: "any", conditions: [] }, "at least one condition"],
    ["a non-integer chain id", { kind: "erc721-owner", token: TOKEN, chainId: 1.5 }, "chainId"],
  ])("rejects %s with a message naming the problem", (_, input, expected) => {
    expect(rejection(input)).toContain(expected);
  });

  it("points into nested groups with a path", () => {
    const message = rejection({
      kind: "all",
      conditions: [
        { kind: "erc721-owner", token: TOKEN },
        { kind: "erc20-balance", token: TOKEN },
      ],
    });
    expect(message).toContain("conditions[1].min");
  });

  it("caps the size of a group", () => {
    const leaf = { kind: "erc721-owner", token: TOKEN };
    expect(() =>
      parseCondition({ kind: "any", conditions: Array(MAX_GROUP_SIZE).fill(leaf) }),
    ).not.toThrow();
    expect(rejection({ kind: "any", conditions: Array(MAX_GROUP_SIZE + 1).fill(leaf) })).toContain(
      `at most ${MAX_GROUP_SIZE} conditions`,
    );
  });

  it("types its output as a Condition", () => {
    const condition: Condition = conditionSchema.parse({ kind: "erc721-owner", token: TOKEN });
    expect(condition.kind).toBe("erc721-owner");
  });
});

describe("parseConditionJson", () => {
  it("parses JSON text", () => {
    expect(parseConditionJson(`{"kind":"erc721-owner","token":"${TOKEN}"}`)).toEqual({
      kind: "erc721-owner",
      token: TOKEN,
    });
  });

  it("reports text that is not JSON with the same error code", () => {
    expect(() => parseConditionJson("{kind: erc20}")).toThrow(
      expect.objectContaining({
        code: "SB_ERR_TOKEN_GATE_INVALID_CONDITION",
        message: expect.stringMatching(/^condition is not JSON/),
      }),
    );
  });
});

describe("withDefaultChain", () => {
  it("fills in the chain on token conditions that name none, at any depth", () => {
    const gate: Condition = {
      kind: "all",
      conditions: [
        { kind: "erc721-owner", token: TOKEN },
        {
          kind: "any",
          conditions: [{ kind: "erc20-balance", token: TOKEN, min: "1", chainId: 1 }],
        },
      ],
    };
    expect(withDefaultChain(gate, 8453)).toEqual({
      kind: "all",
      conditions: [
        { kind: "erc721-owner", token: TOKEN, chainId: 8453 },
        {
          kind: "any",
          conditions: [{ kind: "erc20-balance", token: TOKEN, min: "1", chainId: 1 }],
        },
      ],
    });
    expect(withDefaultChain(gate, undefined)).toBe(gate);
  });
});
