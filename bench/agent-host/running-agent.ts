/** An agent started by the agent process, whichever the framework. */
export interface RunningAgent {
  address: string;
  inboxId: string;
  stop(): Promise<void>;
}
