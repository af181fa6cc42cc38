import { type Conversation, type DecodedMessage, encodeText, Group } from "@xmtp/node-sdk";
import { createDemoGroup } from "../chat/demo-group.js";
import { memberCommandNames, withAddresses, withNames } from "../chat/member-names.js";
import { PollWatch, type WatchedAgent } from "../chat/poll-watch.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Skill } from "../skill/skill.js";
import { shortAddress } from "../skills/membership/member-label.js";
import type { PollButtonsState } from "../skills/polls/poll-buttons-state.js";
import { TestUser } from "../testing/test-user.js";
import { ReactionAction, ReactionSchema } from "../xmtp/enums.js";
import { MessageHistory } from "./message-history.js";
import type {
  AgentView,
  ConversationView,
  LogLineView,
  MemberView,
  PlaygroundEvent,
  Role,
  Snapshot,
  UserView,
} from "./playground-protocol.js";

/** Options for {@link PlaygroundSession.open}. */
export interface PlaygroundSessionOptions {
  agent: AgentView;
  /** The running agent itself: the playground reads its polls' state (see `PollWatch`). */
  running: WatchedAgent;
  /** The agent's skills: which commands take members, so `/kick bob` can name them. */
  skills: readonly Skill[];
  /** Every change, in order, for the pages (see `EventStream`). */
  onEvent: (event: PlaygroundEvent) => void;
  /** The simulated user created (with a DM to the agent) at start. Default "alice". */
  firstUser?: string;
  /** How many agent log lines to keep for pages that connect later. Default 2000. */
  logLines?: number;
}

const ROLES: Record<number, Role> = { 0: "member", 1: "admin", 2: "super admin" };
/** How long a user's client may take to learn of a conversation it was just added to. */
const JOIN_WAIT_MS = 10_000;

/**
 * The server side of the playground: simulated users (real XMTP clients, keys never leave
 * the server) chatting with the agent on the devnode, and everything they receive turned into
 * views for the page. Incoming messages are handled one at a time, so a page always hears of a
 * conversation before its first message.
 *
 * @example
 * const session = await PlaygroundSession.open({ agent, running: demo.agent, skills: demo.skills, onEvent: (event) => pages.send(event) });
 * const dm = await session.openDm("alice");
 * await session.sendText("alice", dm.id, "/help");
 */
export class PlaygroundSession {
  readonly #agent: AgentView;
  readonly #onEvent: (event: PlaygroundEvent) => void;
  readonly #users = new Map<string, Promise<TestUser>>();
  /** Inbox id to name, for every simulated user. */
  readonly #names = new Map<string, string>();
  readonly #userViews = new Map<string, UserView>();
  readonly #conversations = new Map<string, ConversationView>();
  readonly #history = new MessageHistory({
    nameOf: (inboxId) => this.nameOf(inboxId),
    withNames: (text) => withNames(text, [...this.#userViews.values()]),
  });
  readonly #memberCommands: ReadonlySet<string>;
  readonly #polls: PollWatch;
  readonly #logs: LogLineView[] = [];
  readonly #maxLogs: number;
  #incoming: Promise<void> = Promise.resolve();

  private constructor(options: PlaygroundSessionOptions) {
    this.#agent = options.agent;
    this.#onEvent = options.onEvent;
    this.#maxLogs = options.logLines ?? 2000;
    this.#memberCommands = memberCommandNames(
      options.skills.flatMap((skill) => skill.commands.map((entry) => entry.command)),
    );
    this.#polls = new PollWatch(options.running, (_conversationId, actionsId, state) =>
      this.#showPoll(actionsId, state),
    );
  }

  static async open(options: PlaygroundSessionOptions): Promise<PlaygroundSession> {
    const session = new PlaygroundSession(options);
    await session.openDm(options.firstUser ?? "alice");
    return session;
  }

  snapshot(): Snapshot {
    return {
      agent: this.#agent,
      users: [...this.#userViews.values()],
      conversations: [...this.#conversations.values()],
      messages: this.#history.all(),
      logs: [...this.#logs],
    };
  }

  /** "agent", a simulated user's name, or the first characters of an unknown inbox id. */
  nameOf(inboxId: string): string {
    if (inboxId === this.#agent.inboxId) return "agent";
    return this.#names.get(inboxId) ?? inboxId.slice(0, 8);
  }

  /** The simulated user called `name`, created on first use. */
  async addUser(name: string): Promise<UserView> {
    const user = await this.#user(name);
    return this.#userViews.get(user.name)!;
  }

  /** The user's DM with the agent, opened (and greeted by the agent) on first use. */
  async openDm(as: string): Promise<ConversationView> {
    const user = await this.#user(as);
    return this.#track(await user.dmWith(this.#agent.address), user);
  }

  /**
   * A group of the agent, `as` (its super admin) and `members`, who are created as needed; `as`
   * makes the agent a super admin too, so it can moderate.
   */
  async createGroup(
    as: string,
    name: string,
    members: readonly string[],
  ): Promise<ConversationView> {
    const creator = await this.#user(as);
    const others = await Promise.all(
      members.filter((member) => member !== as).map((member) => this.#user(member)),
    );
    return this.#track(await createDemoGroup(creator, this.#agent, others, name), creator);
  }

  /** Sends text as `as`; with `replyTo`, as a quoted reply to that message. Returns the message id. */
  async sendText(
    as: string,
    conversationId: string,
    text: string,
    replyTo?: string,
  ): Promise<string> {
    const conversation = await this.#conversationFor(as, conversationId);
    const sent = withAddresses(text, [...this.#userViews.values()], this.#memberCommands);
    if (replyTo === undefined) return conversation.sendText(sent);
    const original = this.#message(conversationId, replyTo);
    return conversation.sendReply({
      content: encodeText(sent),
      reference: original.id,
      referenceInboxId: original.senderInboxId,
    });
  }

  /** Adds (or with `remove`, takes back) `as`'s `emoji` reaction to a message. */
  async react(
    as: string,
    conversationId: string,
    messageId: string,
    emoji: string,
    remove = false,
  ): Promise<string> {
    const conversation = await this.#conversationFor(as, conversationId);
    const target = this.#message(conversationId, messageId);
    return conversation.sendReaction({
      reference: target.id,
      referenceInboxId: target.senderInboxId,
      action: remove ? ReactionAction.Removed : ReactionAction.Added,
      content: emoji,
      schema: ReactionSchema.Unicode,
    });
  }

  /** Taps a button of an actions message as `as`: sends the intent the agent routes. */
  async tap(
    as: string,
    conversationId: string,
    actionsId: string,
    actionId: string,
  ): Promise<string> {
    const conversation = await this.#conversationFor(as, conversationId);
    const user = await this.#user(as);
    return user.tapAction(conversation, actionsId, actionId);
  }

  /** Keeps an agent log line for later pages and passes it on. */
  recordLog(line: LogLineView): void {
    this.#logs.push(line);
    if (this.#logs.length > this.#maxLogs) this.#logs.splice(0, this.#logs.length - this.#maxLogs);
    this.#onEvent({ type: "log", data: line });
  }

  async close(): Promise<void> {
    await this.#polls.stop();
    const users = await Promise.allSettled(this.#users.values());
    await Promise.all(
      users.map((user) => (user.status === "fulfilled" ? user.value.stop() : undefined)),
    );
    await this.#incoming;
  }

  /** Concurrent requests for a new name share one client: creation is kept as a promise. */
  #user(name: string): Promise<TestUser> {
    let user = this.#users.get(name);
    if (!user) {
      user = this.#createUser(name);
      this.#users.set(name, user);
      // A failed creation must not poison the name: the next request tries again.
      user.catch(() => this.#users.delete(name));
    }
    return user;
  }

  async #createUser(name: string): Promise<TestUser> {
    const user = await TestUser.create({ name });
    this.#names.set(user.inboxId, name);
    const view = { name, inboxId: user.inboxId, address: user.address };
    this.#userViews.set(name, view);
    this.#onEvent({ type: "user", data: view });
    const receive = (message: DecodedMessage) => {
      this.#incoming = this.#incoming
        .then(() => this.#receive(user, message))
        .catch((error: Error) => {
          process.emitWarning(`playground: could not show message ${message.id}: ${error.message}`);
        });
    };
    user.log.onMessage(receive);
    // The client's stream started before the listener: replay what it already recorded.
    for (const message of user.log.messages) receive(message);
    return user;
  }

  async #receive(user: TestUser, message: DecodedMessage): Promise<void> {
    if (!this.#conversations.has(message.conversationId)) {
      const conversation = await user.client.conversations.getConversationById(
        message.conversationId,
      );
      if (conversation) await this.#track(conversation, user);
    }
    const changed = this.#history.record(message);
    for (const view of changed) this.#onEvent({ type: "message", data: view });
    for (const view of changed) {
      if (view.actions) void this.#polls.track(view.conversationId, view.actions.id);
    }
    // The agent's answers (a closed poll...) can change what buttons show.
    if (changed.length > 0 && message.senderInboxId === this.#agent.inboxId)
      void this.#polls.refresh(message.conversationId);
    // Membership and roles change with group updates; any member's client now knows the new state.
    if (changed.length > 0 && message.contentType?.typeId === "group_updated") {
      const conversation = await user.client.conversations.getConversationById(
        message.conversationId,
      );
      if (conversation) await this.#track(conversation, user);
    }
  }

  async #track(conversation: Conversation, seenBy: TestUser): Promise<ConversationView> {
    const members: MemberView[] = (await conversation.members())
      .map((member) => ({
        inboxId: member.inboxId,
        name: this.nameOf(member.inboxId),
        address: addressOf(member),
        role: ROLES[member.permissionLevel] ?? "member",
        rank: member.inboxId === this.#agent.inboxId ? 3 : member.permissionLevel,
      }))
      // The agent first, then super admins and admins: who can do what reads top down.
      .sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name))
      .map(({ rank: _rank, ...member }) => member);
    const isGroup = conversation instanceof Group;
    const view: ConversationView = {
      id: conversation.id,
      kind: isGroup ? "group" : "dm",
      name: isGroup ? conversation.name || "Unnamed group" : `DM: ${seenBy.name}`,
      shortId: conversation.id.slice(0, 6),
      members,
    };
    this.#conversations.set(view.id, view);
    this.#onEvent({ type: "conversation", data: view });
    return view;
  }

  #showPoll(actionsId: string, state: PollButtonsState): void {
    const choices = Object.fromEntries(
      Object.entries(state.choices).map(([inboxId, option]) => [this.nameOf(inboxId), option]),
    );
    const view = this.#history.setPoll(actionsId, {
      open: state.open,
      votes: state.votes,
      voters: state.voters,
      choices,
    });
    if (view) this.#onEvent({ type: "message", data: view });
  }

  async #conversationFor(as: string, conversationId: string): Promise<Conversation> {
    const user = this.#users.has(as) ? await this.#user(as) : undefined;
    const view = this.#conversations.get(conversationId);
    if (!user || !view) {
      throw new SwitchboardError(
        "SB_ERR_PLAYGROUND_NOT_FOUND",
        `no ${user ? "conversation" : "simulated user"} "${user ? conversationId : as}"`,
      );
    }
    if (!view.members.some((member) => member.inboxId === user.inboxId)) {
      throw new SwitchboardError(
        "SB_ERR_PERMISSION_DENIED",
        `${as} is not a member of "${view.name}"`,
      );
    }
    return user.conversation(conversationId, { timeoutMs: JOIN_WAIT_MS });
  }

  #message(conversationId: string, messageId: string) {
    const message = this.#history.get(messageId);
    if (!message || message.conversationId !== conversationId) {
      throw new SwitchboardError(
        "SB_ERR_PLAYGROUND_NOT_FOUND",
        `no message "${messageId}" in this conversation`,
      );
    }
    return message;
  }
}

function addressOf(member: { accountIdentifiers: readonly { identifier: string }[] }) {
  const address = member.accountIdentifiers[0]?.identifier;
  return address === undefined ? undefined : shortAddress(address);
}
