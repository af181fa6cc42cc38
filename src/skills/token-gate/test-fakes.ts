import type { Address } from "viem";
import { SwitchboardError } from "../../index.js";
import type { ChainReader } from "./chain-reader.js";
import type { GateGroup, GateMember } from "./gate-group.js";
import type { TokenMetadata } from "./token-metadata.js";

/** A {@link ChainReader} over in-memory balances, for unit tests; `down` makes it fail like a dead RPC. */
export interface FakeChain extends ChainReader {
  /** `${token}:${holder}` (lowercase) to balance. */
  balances: Map<string, bigint>;
  down: boolean;
  setBalance(token: Address, holder: Address, balance: bigint): void;
}

/**
 * A fake chain with one token's metadata known; everything else has none.
 *
 * @example
 * const chain = fakeChain({ [TKN]: { symbol: "TKN", decimals: 2 } });
 * chain.setBalance(TKN, alice, 10_000n);
 */
export function fakeChain(metadata: Record<string, TokenMetadata> = {}): FakeChain {
  const balances = new Map<string, bigint>();
  const key = (token: Address, holder: Address) => `${token}:${holder}`.toLowerCase();
  const chain: FakeChain = {
    balances,
    down: false,
    setBalance: (token, holder, balance) => balances.set(key(token, holder), balance),
    chainId: async () => {
      assertUp();
      return 31337;
    },
    balanceOf: async (token, holder) => {
      assertUp();
      return balances.get(key(token, holder)) ?? 0n;
    },
    ownerOf: async () => {
      assertUp();
      return undefined;
    },
    metadata: async (token) => {
      assertUp();
      return metadata[token] ?? {};
    },
  };
  function assertUp() {
    if (chain.down) {
      throw new SwitchboardError("SB_ERR_TOKEN_GATE_RPC", "could not read from the RPC endpoint");
    }
  }
  return chain;
}

/** A {@link GateGroup} in memory, recording what the gate did to it. */
export interface FakeGroup extends GateGroup {
  memberList: GateMember[];
  agentAdmin: boolean;
  sent: string[];
  added: string[];
  removed: string[];
}

/**
 * @example
 * const group = fakeGroup([{ inboxId: "bob", addresses: [bob], exempt: false }]);
 */
export function fakeGroup(members: GateMember[], name = "TKN club"): FakeGroup {
  const group: FakeGroup = {
    id: "group-1",
    name,
    memberList: [...members],
    agentAdmin: true,
    sent: [],
    added: [],
    removed: [],
    sync: async () => {},
    members: async () => [...group.memberList],
    isMember: async (inboxId) => group.memberList.some((member) => member.inboxId === inboxId),
    agentIsAdmin: async () => group.agentAdmin,
    send: async (text) => {
      group.sent.push(text);
    },
    add: async (inboxIds) => {
      group.added.push(...inboxIds);
      group.memberList.push(
        ...inboxIds.map((inboxId) => ({ inboxId, addresses: [], exempt: false })),
      );
    },
    remove: async (inboxIds) => {
      group.removed.push(...inboxIds);
      group.memberList = group.memberList.filter((member) => !inboxIds.includes(member.inboxId));
    },
  };
  return group;
}
