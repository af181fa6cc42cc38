/** What kind of write an outbound operation is; pacing and metrics group by it. */
export type OutboundKind = "message" | "reaction" | "membership" | "metadata" | "conversation";

export interface OutboundOperation {
  kind: OutboundKind;
  conversationId: string;
  /**
   * The write checks whether an earlier attempt went out before sending (see `WriteJournal`),
   * so it may be run again after an error that leaves the outcome unknown (a timeout).
   */
  idempotent?: boolean;
}

/**
 * Every write the agent makes to XMTP passes through one gate, so a pacing queue (XMTP allows
 * 3,000 writes per 5 minutes per client) and retries can be put in front of all of them.
 * The default runs each write at once.
 */
export interface OutboundGate {
  run<T>(operation: OutboundOperation, write: () => Promise<T>): Promise<T>;
}

export const directOutbound: OutboundGate = {
  run: (_operation, write) => write(),
};
