/**
 * The JSON the playground page receives over its event stream. The page only renders these:
 * it never sees keys or SDK objects, and the only HTML in them (`html` fields) comes from
 * `renderMarkdown`/`renderText` in markdown.ts.
 *
 * @example
 * // event: message
 * // data: {"id":"…","conversationId":"…","sender":"agent","kind":"markdown","html":"<p>…</p>",…}
 */

/** A simulated user: a real XMTP client the server drives on the page's behalf. */
export interface UserView {
  name: string;
  inboxId: string;
  address: string;
}

export type Role = "member" | "admin" | "super admin";

export interface MemberView {
  inboxId: string;
  /** "agent", a simulated user's name, or a short inbox id. */
  name: string;
  /** `0x1234…abcd`, the way the agent names members; what `/kick` and friends also accept. */
  address: string | undefined;
  role: Role;
}

export interface ConversationView {
  id: string;
  kind: "dm" | "group";
  /** The group's name, or "DM: <user>" for a direct chat with the agent. */
  name: string;
  /** The conversation id's first characters: tells two groups with one name apart. */
  shortId: string;
  members: MemberView[];
}

export interface ButtonView {
  id: string;
  label: string;
  style: "primary" | "secondary" | "danger" | undefined;
}

/** One message as the page shows it; sent again whenever its reactions change. */
export interface MessageView {
  id: string;
  conversationId: string;
  senderInboxId: string;
  sender: string;
  /** Epoch milliseconds. */
  sentAt: number;
  kind: "text" | "markdown" | "actions" | "intent" | "group_updated" | "other";
  /** Safe HTML of the body, for text, markdown, replies and action descriptions. */
  html?: string;
  /** What a reply answers: the quoted message's sender and a one-line excerpt (and as HTML). */
  replyTo?: { id: string; sender: string; excerpt: string; html: string };
  actions?: {
    id: string;
    buttons: ButtonView[];
    expiresAt: number | undefined;
    /** For a poll's buttons, its live state, read from the agent (see `PollWatch`). */
    poll?: PollView;
  };
  /** A sentence naming who did what, for intents, group updates and unsupported content. */
  note?: string;
  /** Emoji to the names of who reacted with it, in order of arrival. */
  reactions: Record<string, string[]>;
}

/** A poll's state as its buttons show it. */
export interface PollView {
  open: boolean;
  /** Votes per button, in order. */
  votes: number[];
  voters: number;
  /** Each voter's name to the index of the button they chose: the viewer's own is marked. */
  choices: Record<string, number>;
}

/** One line of the agent's pino log, reduced to what the page shows. */
export interface LogLineView {
  /** Epoch milliseconds. */
  time: number;
  level: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  msg: string;
  conversationId: string | undefined;
  skill: string | undefined;
  event: string | undefined;
  /** The line's remaining fields as `key=value` pairs, logfmt-style ("" when none). */
  details: string;
}

export interface AgentView {
  name: string;
  address: string;
  inboxId: string;
}

/** Everything the page needs to draw itself, sent first on every (re)connect. */
export interface Snapshot {
  agent: AgentView;
  users: UserView[];
  conversations: ConversationView[];
  messages: MessageView[];
  logs: LogLineView[];
}

/** The event stream: a snapshot, then one of these per change. */
export type PlaygroundEvent =
  | { type: "snapshot"; data: Snapshot }
  | { type: "user"; data: UserView }
  | { type: "conversation"; data: ConversationView }
  | { type: "message"; data: MessageView }
  | { type: "log"; data: LogLineView };
