import { type Address, getAddress, isAddress, maxUint256 } from "viem";
import { z } from "zod";
import { SwitchboardError } from "../../index.js";

/** Holds at least `min` base units (wei-like, before `decimals`) of an ERC-20 token. */
export type Erc20BalanceCondition = {
  kind: "erc20-balance";
  /** Checksummed contract address. */
  token: Address;
  /** Canonical decimal string of base units, at least 1. */
  min: string;
  /** The chain the token lives on; when set, reading from another chain is an error. */
  chainId?: number;
};

/** Owns token `tokenId` of an ERC-721 collection, or any token of it when `tokenId` is absent. */
export type Erc721OwnerCondition = {
  kind: "erc721-owner";
  /** Checksummed contract address. */
  token: Address;
  /** Canonical decimal string. */
  tokenId?: string;
  /** The chain the collection lives on; when set, reading from another chain is an error. */
  chainId?: number;
};

/** Every (`all`) or at least one (`any`) of `conditions` holds. */
export type ConditionGroup = {
  kind: "all" | "any";
  conditions: Condition[];
};

/**
 * What a member must satisfy to stay in a token-gated group. Declared as type aliases, not
 * interfaces, so a condition is `Json` and goes into a store as it is.
 */
export type Condition = Erc20BalanceCondition | Erc721OwnerCondition | ConditionGroup;

/** How many `all`/`any` groups may nest inside one another; real gates need two at most. */
export const MAX_GROUP_NESTING = 3;
/** How many conditions one group may hold; each costs RPC calls on every check. */
export const MAX_GROUP_SIZE = 16;

/** A 0x address, normalized to its checksum; also what `/gate erc20 <token>` takes. */
export const addressSchema = z
  .string()
  .refine(
    (value) => isAddress(value),
    "must be a 0x address of 40 hex digits (checksummed if mixed-case)",
  )
  .transform((value) => getAddress(value));

/** A uint256 as a decimal string, normalized to canonical form ("007" -> "7"). */
export const uint256Schema = z
  .string()
  // `abort` keeps the range check below from calling BigInt() on text that is not digits.
  .regex(/^\d+$/, { error: 'must be a decimal string of digits, like "1000000"', abort: true })
  .refine((value) => BigInt(value) <= maxUint256, "must fit in 256 bits")
  .transform((value) => BigInt(value).toString());

const chainId = z.number().int().positive().optional();

const erc20Balance = z.strictObject({
  kind: z.literal("erc20-balance"),
  token: addressSchema,
  min: uint256Schema.refine(
    (value) => value !== "0",
    "must be at least 1 (0 would admit everyone)",
  ),
  chainId,
});

const erc721Owner = z.strictObject({
  kind: z.literal("erc721-owner"),
  token: addressSchema,
  tokenId: uint256Schema.optional(),
  chainId,
});

/**
 * The schema at each nesting level is built from the one below, and the innermost group
 * accepts no conditions at all, so input nested too deep fails on its first condition with a
 * message saying why, without the parser ever recursing further.
 */
function conditionAt(nesting: number): z.ZodType<Condition, unknown> {
  const child =
    nesting === 0
      ? z.never({ error: `all/any groups nest at most ${MAX_GROUP_NESTING} deep` })
      : conditionAt(nesting - 1);
  const group = z.strictObject({
    kind: z.enum(["all", "any"]),
    conditions: z
      .array(child)
      .min(1, "must list at least one condition")
      .max(MAX_GROUP_SIZE, `must list at most ${MAX_GROUP_SIZE} conditions`),
  });
  return z.discriminatedUnion("kind", [erc20Balance, erc721Owner, group]);
}

/**
 * Validates a token-gate condition and normalizes it: checksummed addresses, canonical decimal
 * strings. Unknown keys are rejected, so a typo such as `minimum` is an error, not a gate
 * that silently admits everyone.
 *
 * @example
 * ```ts
 * conditionSchema.parse({ kind: "erc20-balance", token: "0xa0b8...", min: "100000000" });
 * ```
 */
export const conditionSchema: z.ZodType<Condition, unknown> = conditionAt(MAX_GROUP_NESTING);

/**
 * {@link conditionSchema} as a function that throws a {@link SwitchboardError} with code
 * `SB_ERR_TOKEN_GATE_INVALID_CONDITION` and one line per problem, each with its path.
 *
 * @example
 * ```ts
 * const condition = parseCondition({ kind: "erc721-owner", token: "0xbc4c...", tokenId: "7" });
 * ```
 */
export function parseCondition(input: unknown): Condition {
  const result = conditionSchema.safeParse(input);
  if (result.success) return result.data;
  throw new SwitchboardError(
    "SB_ERR_TOKEN_GATE_INVALID_CONDITION",
    `invalid token-gate condition:\n${z.prettifyError(result.error)}`,
    { cause: result.error },
  );
}

/**
 * {@link parseCondition} for JSON text, as typed after `/gate set`.
 *
 * @example
 * ```ts
 * parseConditionJson('{"kind":"erc721-owner","token":"0xbc4c..."}');
 * ```
 */
export function parseConditionJson(text: string): Condition {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SwitchboardError(
      "SB_ERR_TOKEN_GATE_INVALID_CONDITION",
      `condition is not JSON: ${reason}`,
      {
        cause: error,
      },
    );
  }
  return parseCondition(input);
}

/**
 * `condition` with `chainId` filled in on every token condition that names none, so a gate
 * bound while the RPC endpoint serves chain `chainId` refuses to be judged by any other.
 *
 * @example
 * ```ts
 * withDefaultChain({ kind: "erc721-owner", token }, 8453); // { kind: "erc721-owner", token, chainId: 8453 }
 * ```
 */
export function withDefaultChain(condition: Condition, chainId: number | undefined): Condition {
  if (chainId === undefined) return condition;
  switch (condition.kind) {
    case "all":
    case "any":
      return {
        kind: condition.kind,
        conditions: condition.conditions.map((child) => withDefaultChain(child, chainId)),
      };
    default:
      return { ...condition, chainId: condition.chainId ?? chainId };
  }
}
