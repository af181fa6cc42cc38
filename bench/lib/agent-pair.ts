import type { Dm } from "@xmtp/node-sdk";
import type { TestUser } from "../../src/testing/test-user.js";
import type { HostStats } from "../agent-host/protocol.js";
import type { AgentProcess } from "../agent-host/spawn-agent.js";

/**
 * The two agents a run compares, live side by side for the whole run: `[0]` the bare
 * agent-sdk agent (the baseline), `[1]` Switchboard.
 */
export type AgentPair = readonly [base: AgentProcess, switchboard: AgentProcess];

/** The senders, and each one's DM with each agent of the pair (`dms[user][agent]`). */
export interface Senders {
  users: readonly TestUser[];
  dms: ReadonlyArray<readonly [Dm, Dm]>;
}

/** Both agents' stats, read at the same moment; `gc` first when memory is being read. */
export function statsOf(agents: AgentPair, gc = false): Promise<HostStats[]> {
  return Promise.all(agents.map((agent) => agent.stats({ gc })));
}

/**
 * CPU time each agent process spent per message it handled between two stats readings, in
 * µs (NaN when it handled none).
 */
export function cpuPerMessage(before: readonly HostStats[], after: readonly HostStats[]): number[] {
  return after.map((now, a) => {
    const then = before[a]!;
    const handled = now.handled - then.handled;
    return handled > 0 ? (now.cpuMicros - then.cpuMicros) / handled : Number.NaN;
  });
}
