import type { Json, Store } from "../../index.js";

/** What one tool call came to: fed back to the model, and kept so a replay never runs it again. */
export type ToolOutcome = { ok: boolean; text: string };

/**
 * The assistant's record of its work on one inbound message, written as it goes, so that a
 * message replayed after a crash resumes where the crash left it: model messages so far, tool
 * calls started and finished, and the answer once decided.
 */
export type Turn = {
  /** Model calls made (steps). */
  steps: number;
  /** Tokens those calls used. */
  tokens: number;
  /** Model messages after the user's request: assistant tool calls and tool results. */
  transcript: Json[];
  /** The current step's tool calls, until their results join the transcript. */
  calls: JournaledCall[];
  /** Tool calls started in the current step, by position; one without an outcome never finished. */
  started: string[];
  /** Outcomes of the current step's tool calls, by position. */
  outcomes: { [callId: string]: ToolOutcome };
  /** The reply, once decided: a replay sends it (at most once) without calling the model. */
  answer?: string;
};

/** A tool call as the model made it; `input` is absent when its JSON did not parse. */
export type JournaledCall = {
  toolCallId: string;
  toolName: string;
  input?: Json;
  /** Why the input could not be read, when it could not. */
  inputError?: string;
};

const emptyTurn = (): Turn => ({
  steps: 0,
  tokens: 0,
  transcript: [],
  calls: [],
  started: [],
  outcomes: {},
});

/** How long a turn record is kept: longer than any replay can come after the message. */
const TURN_TTL_MS = 7 * 86_400_000;

/**
 * Turns by inbound message id in the store. Only the message id is the key: the conversation
 * itself stays in XMTP, and nothing of it is copied here except this message's own tool work.
 *
 * @example
 * const journal = new TurnJournal(ctx.store);
 * const turn = await journal.load(ctx.message.id);
 */
export class TurnJournal {
  constructor(readonly store: Store) {}

  async load(messageId: string): Promise<Turn> {
    return (await this.store.get<Turn>(key(messageId))) ?? emptyTurn();
  }

  async save(messageId: string, turn: Turn): Promise<void> {
    await this.store.set<Turn>(key(messageId), turn, { ttlMs: TURN_TTL_MS });
  }
}

const key = (messageId: string) => `turn:${messageId}`;
