import { MessageContext } from "@xmtp/agent-sdk";
import {
  type Attachment,
  type Client,
  type Conversation,
  type CreateGroupOptions,
  type DecodedMessage,
  Dm,
  encodeMarkdown,
  encodeText,
  Group,
  type MultiRemoteAttachment,
  type RemoteAttachment,
  type Reply,
  type TransactionReference,
  type WalletSendCalls,
} from "@xmtp/node-sdk";
import type { Logger } from "pino";
import { SwitchboardError } from "../errors/switchboard-error.js";
import { childLoggerFor } from "../log/logger.js";
import type { Json, Store } from "../store/store.js";
import { namespaced } from "../store/store.js";
import { ActionStyle, ReactionAction, ReactionSchema } from "../xmtp/enums.js";
import { ethereumIdentifier } from "../xmtp/ethereum-identifier.js";
import type { ActionRegistry } from "./action-registry.js";
import { type CommandDirectory, noCommands } from "./command-directory.js";
import type { EventName, EventSource, MessageContentByEvent, MessageEventName } from "./events.js";
import type { OutboundGate, OutboundKind } from "./outbound-gate.js";
import type { JournaledSend, WriteJournal } from "./write-journal.js";

/**
 * Data middleware attaches to a context, typed by module augmentation (as Hono does):
 *
 * @example
 * declare module "switchboard" {
 *   interface ContextVariables {
 *     requestId: string;
 *   }
 * }
 * agent.use(async (ctx, next) => {
 *   ctx.set("requestId", crypto.randomUUID()); // typed
 *   await next();
 * });
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface ContextVariables {}

/** What every context shares: the agent's client and the runtime's services. */
export interface RuntimeServices {
  client: Client;
  /** The runtime's own store; skills get namespaced views of it. */
  store: Store;
  outbound: OutboundGate;
  actions: ActionRegistry;
  logger: Logger;
  agentName: string;
  /** The agent's commands, for {@link Context.commands}; none when the runtime runs bare. */
  commands?: CommandDirectory;
}

export interface ContextInit<E extends EventName> {
  event: E;
  conversation: Conversation;
  message: E extends MessageEventName ? DecodedMessage<MessageContentByEvent[E]> : undefined;
  services: RuntimeServices;
  source: EventSource;
  /** Makes the event's writes idempotent across redelivery; absent outside an event. */
  writes?: WriteJournal;
}

/**
 * How an event ended, for logs and metrics: `filtered` until the router is reached, then
 * `handled`; middleware marks `limited`, the router `rejected` (a bad intent) or `failed`.
 */
export type EventOutcome = "handled" | "filtered" | "limited" | "rejected" | "failed";

/**
 * What {@link Context.sendContent} needs of a custom content type's codec: the codec passed to
 * `createAgent({ codecs })` fits.
 */
export interface ContentEncoder<T> {
  encode(content: T): Parameters<Conversation["send"]>[0];
  shouldPush(content: T): boolean;
}

/** A button for {@link Context.sendActions}. */
export interface ActionButton {
  id: string;
  label: string;
  style?: "primary" | "secondary" | "danger";
}

/** Options for {@link Context.sendActions}. */
export interface SendActionsOptions {
  description: string;
  actions: ActionButton[];
  /** Which of the skill's action handlers receives taps (see `skill.action(name, ...)`). */
  handler: string;
  /** Attached to the record and handed back with each tap. */
  data?: Json;
  expiresInMs?: number;
}

/**
 * What every view of one event shares: a skill's view (see {@link Context.forSkill}) sets the
 * same outcome, sees the same variables and the same throttling as the agent's own context.
 */
interface EventState {
  variables: Map<keyof ContextVariables, unknown>;
  outcome: EventOutcome;
  throttled: boolean;
}

const STYLES = {
  primary: ActionStyle.Primary,
  secondary: ActionStyle.Secondary,
  danger: ActionStyle.Danger,
};

/**
 * One event on its way through the middleware chain: a message (of content type `E`) or a
 * new conversation. It is built once per event by `createContext` and offers what skills do:
 * reply, react, send buttons, manage group members.
 *
 * @example
 * if (ctx.is("text")) await ctx.reply(`you said ${ctx.content}`);
 */
export class Context<E extends EventName = EventName> {
  readonly event: E;
  readonly conversation: Conversation;
  readonly message: ContextInit<E>["message"];
  readonly source: EventSource;
  /** The skill this view belongs to, once the router hands it to one. */
  readonly skill: string | undefined;
  protected readonly services: RuntimeServices;
  // Built on first use: most events are never logged from or stored by their skill.
  #log: Logger | undefined;
  #store: Store | undefined;
  readonly #writes: WriteJournal | undefined;
  readonly #state: EventState;

  constructor(
    init: ContextInit<E>,
    skill?: string,
    state: EventState = {
      variables: new Map<keyof ContextVariables, unknown>(),
      outcome: "filtered",
      throttled: false,
    },
  ) {
    this.event = init.event;
    this.conversation = init.conversation;
    this.message = init.message;
    this.source = init.source;
    this.services = init.services;
    this.#writes = init.writes;
    this.skill = skill;
    this.#state = state;
  }

  /** A child logger bound to agent, conversation, message (and skill). */
  get log(): Logger {
    this.#log ??= childLoggerFor(this.services.logger, {
      agent: this.services.agentName,
      conversationId: this.conversation.id,
      messageId: this.message?.id,
      event: this.event,
      skill: this.skill,
    });
    return this.#log;
  }

  /** Storage: the runtime's store, namespaced per skill in a skill's view. */
  get store(): Store {
    this.#store ??= this.skill
      ? namespaced(this.services.store, `skill:${this.skill}:`)
      : this.services.store;
    return this.#store;
  }

  /**
   * The same event seen by one skill: its own store namespace and logger; outcome, variables
   * and throttling shared with every other view of the event.
   */
  forSkill(skill: string): Context<E> {
    const init: ContextInit<E> = {
      event: this.event,
      conversation: this.conversation,
      message: this.message,
      services: this.services,
      source: this.source,
      writes: this.#writes,
    };
    return new Context(init, skill, this.#state);
  }

  /** Set along the chain; see {@link EventOutcome}. */
  get outcome(): EventOutcome {
    return this.#state.outcome;
  }

  set outcome(outcome: EventOutcome) {
    this.#state.outcome = outcome;
  }

  /**
   * Set by the rate limit when the sender is over a limit: from then on only skills defined
   * with `observer: true` see the event; commands, actions and other skills are skipped.
   */
  get throttled(): boolean {
    return this.#state.throttled;
  }

  set throttled(throttled: boolean) {
    this.#state.throttled = throttled;
  }

  /**
   * The agent's commands as this sender may use them here: list them, or run one exactly as if
   * the sender had typed it (permission check, argument validation, the skill's middleware).
   *
   * @example
   * const result = await ctx.commands.run(ctx, "poll", ["Lunch?", "pizza", "sushi"]);
   * if (!result.ok) await ctx.reply(result.message);
   */
  get commands(): CommandDirectory {
    return this.services.commands ?? noCommands;
  }

  /**
   * The agent's XMTP client, for reads (inbox states, member lookups). Writes go through the
   * context's own methods, which pace and retry them.
   */
  get client(): Client {
    return this.services.client;
  }

  /** Narrows the event kind: `if (ctx.is("text", "markdown")) ctx.content // string`. */
  is<N extends EventName>(...names: N[]): this is Context<N> {
    return (names as EventName[]).includes(this.event);
  }

  isDm(): this is this & { conversation: Dm } {
    return this.conversation instanceof Dm;
  }

  isGroup(): this is this & { conversation: Group } {
    return this.conversation instanceof Group;
  }

  /** The message content, typed by the event. */
  get content(): E extends MessageEventName ? MessageContentByEvent[E] : undefined {
    return this.message?.content as E extends MessageEventName
      ? MessageContentByEvent[E]
      : undefined;
  }

  /** The text of a text, markdown or text reply message; undefined otherwise. */
  get text(): string | undefined {
    const content: unknown = this.message?.content;
    if (typeof content === "string") return content;
    if (this.event === "reply" && typeof (content as { content?: unknown }).content === "string") {
      return (content as { content: string }).content;
    }
    return undefined;
  }

  get senderInboxId(): string | undefined {
    return this.message?.senderInboxId;
  }

  get agentInboxId(): string {
    return this.services.client.inboxId;
  }

  set<K extends keyof ContextVariables>(key: K, value: ContextVariables[K]): void {
    this.#state.variables.set(key, value);
  }

  get<K extends keyof ContextVariables>(key: K): ContextVariables[K] | undefined {
    return this.#state.variables.get(key) as ContextVariables[K] | undefined;
  }

  // --- sending ------------------------------------------------------------------------------

  async send(text: string): Promise<void> {
    await this.#write("message", ["text", text], (optimistic) =>
      this.conversation.sendText(text, optimistic),
    );
  }

  async sendMarkdown(markdown: string): Promise<void> {
    await this.#write("message", ["markdown", markdown], (optimistic) =>
      this.conversation.sendMarkdown(markdown, optimistic),
    );
  }

  /**
   * Replies to the message (a quoted reply); on a conversation event, just sends. Like every
   * write of an event, it happens once however often the event is handled (a crash, a dead
   * replica's message taken over): see `WriteJournal`.
   */
  async reply(text: string): Promise<void> {
    if (!this.message) return this.send(text);
    await this.#reply(encodeText(text));
  }

  async replyMarkdown(markdown: string): Promise<void> {
    if (!this.message) return this.sendMarkdown(markdown);
    await this.#reply(encodeMarkdown(markdown));
  }

  async #reply(content: Reply["content"]): Promise<void> {
    const { id, senderInboxId } = this.message!;
    await this.#write("message", ["reply", content], (optimistic) =>
      this.conversation.sendReply(
        { content, reference: id, referenceInboxId: senderInboxId },
        optimistic,
      ),
    );
  }

  async react(emoji: string): Promise<void> {
    const message = this.message;
    if (!message) throw misuse(this, "react() needs a message to react to");
    const reaction = {
      action: ReactionAction.Added,
      reference: message.id,
      referenceInboxId: message.senderInboxId,
      schema: ReactionSchema.Unicode,
      content: emoji,
    };
    await this.#write("reaction", ["reaction", emoji], (optimistic) =>
      this.conversation.sendReaction(reaction, optimistic),
    );
  }

  /**
   * Sends action buttons (XMTP allows 1 to 10) whose taps come back to this skill's
   * `action(handler)` with `data`; taps after `expiresInMs` are refused as expired.
   * Returns the actions id.
   */
  async sendActions(options: SendActionsOptions): Promise<string> {
    if (!this.skill)
      throw misuse(
        this,
        "sendActions() is for skills: taps are routed to the skill that sent them",
      );
    if (options.actions.length < 1 || options.actions.length > 10) {
      throw misuse(this, `XMTP allows 1 to 10 actions, got ${options.actions.length}`);
    }
    const expiresAt =
      options.expiresInMs === undefined ? undefined : Date.now() + options.expiresInMs;
    const id = await this.services.actions.register({
      skill: this.skill,
      handler: options.handler,
      conversationId: this.conversation.id,
      actionIds: options.actions.map((action) => action.id),
      expiresAt,
      data: options.data,
    });
    // The actions id is new on every run: the buttons are known by what they show.
    const shown = ["actions", options.description, options.actions.map((action) => action.label)];
    await this.#write("message", shown, (optimistic) =>
      this.conversation.sendActions(
        {
          id,
          description: options.description,
          actions: options.actions.map((action) => ({
            id: action.id,
            label: action.label,
            style: action.style ? STYLES[action.style] : undefined,
          })),
          expiresAtNs: expiresAt === undefined ? undefined : BigInt(expiresAt) * 1_000_000n,
        },
        optimistic,
      ),
    );
    return id;
  }

  /**
   * Sends content of a custom type with its codec (register the codec with `createAgent({ codecs })`
   * so the agent can also read it).
   *
   * @example
   * await ctx.sendContent(new MultiplyCodec(), { a: 3, b: 7 });
   */
  async sendContent<T>(codec: ContentEncoder<T>, content: T): Promise<void> {
    const encoded = codec.encode(content);
    await this.#write("message", ["content", encoded], (optimistic) =>
      this.conversation.send(encoded, {
        shouldPush: codec.shouldPush(content),
        optimistic,
      }),
    );
  }

  /** Sends a file inline (XMTP allows up to 1 MB); larger files go as a remote attachment. */
  async sendAttachment(attachment: Attachment): Promise<void> {
    await this.#write("message", ["sendAttachment", attachment], (optimistic) =>
      this.conversation.sendAttachment(attachment, optimistic),
    );
  }

  /**
   * Sends an encrypted file stored elsewhere (see node-sdk's `encryptAttachment`): the message
   * carries its URL, digest and key.
   */
  async sendRemoteAttachment(attachment: RemoteAttachment): Promise<void> {
    await this.#write("message", ["sendRemoteAttachment", attachment], (optimistic) =>
      this.conversation.sendRemoteAttachment(attachment, optimistic),
    );
  }

  async sendMultiRemoteAttachment(attachments: MultiRemoteAttachment): Promise<void> {
    await this.#write("message", ["sendMultiRemoteAttachment", attachments], (optimistic) =>
      this.conversation.sendMultiRemoteAttachment(attachments, optimistic),
    );
  }

  /** Asks the user's wallet to sign and send transactions (EIP-5792 `wallet_sendCalls`). */
  async sendWalletSendCalls(calls: WalletSendCalls): Promise<void> {
    await this.#write("message", ["sendWalletSendCalls", calls], (optimistic) =>
      this.conversation.sendWalletSendCalls(calls, optimistic),
    );
  }

  /** Points to a transaction on chain, e.g. one the agent sent in answer to a request. */
  async sendTransactionReference(reference: TransactionReference): Promise<void> {
    await this.#write("message", ["sendTransactionReference", reference], (optimistic) =>
      this.conversation.sendTransactionReference(reference, optimistic),
    );
  }

  /** Opens (or finds) the DM with an Ethereum address, through the outbound gate. */
  async createDm(address: string): Promise<Dm> {
    return this.#open(() =>
      this.services.client.conversations.createDmWithIdentifier(ethereumIdentifier(address)),
    );
  }

  /** Creates a group with these Ethereum addresses (the agent is its super admin). */
  async createGroup(addresses: string[], options?: CreateGroupOptions): Promise<Group> {
    return this.#open(() =>
      this.services.client.conversations.createGroupWithIdentifiers(
        addresses.map(ethereumIdentifier),
        options,
      ),
    );
  }

  /** The sender's Ethereum address, looked up from their inbox state. */
  async getSenderAddress(): Promise<string | undefined> {
    return this.#sdkContext()?.getSenderAddress();
  }

  // --- groups -------------------------------------------------------------------------------

  /** The group, or an error naming the command's mistake: "this only works in a group". */
  requireGroup(): Group {
    if (!this.isGroup()) {
      throw new SwitchboardError("SB_ERR_NOT_A_GROUP", "this only works in a group", { ctx: this });
    }
    return this.conversation;
  }

  async isAdmin(inboxId = this.senderInboxId): Promise<boolean> {
    if (!inboxId || !this.isGroup()) return false;
    const group = this.conversation;
    return group.isAdmin(inboxId) || group.isSuperAdmin(inboxId);
  }

  async isSuperAdmin(inboxId = this.senderInboxId): Promise<boolean> {
    return Boolean(inboxId && this.isGroup() && this.conversation.isSuperAdmin(inboxId));
  }

  async addMembers(inboxIds: string[]): Promise<void> {
    const group = this.requireGroup();
    await this.#write("membership", ["add", inboxIds], () => group.addMembers(inboxIds));
  }

  async addMembersByAddress(addresses: string[]): Promise<void> {
    const group = this.requireGroup();
    await this.#write("membership", ["add", addresses], () =>
      group.addMembersByIdentifiers(addresses.map(ethereumIdentifier)),
    );
  }

  async removeMembers(inboxIds: string[]): Promise<void> {
    const group = this.requireGroup();
    await this.#write("membership", ["remove", inboxIds], () => group.removeMembers(inboxIds));
  }

  async promoteToAdmin(inboxId: string): Promise<void> {
    const group = this.requireGroup();
    await this.#write("membership", ["promote", inboxId], () => group.addAdmin(inboxId));
  }

  async demoteFromAdmin(inboxId: string): Promise<void> {
    const group = this.requireGroup();
    await this.#write("membership", ["demote", inboxId], () => group.removeAdmin(inboxId));
  }

  async setGroupName(name: string): Promise<void> {
    const group = this.requireGroup();
    await this.#write("metadata", ["name", name], () => group.updateName(name));
  }

  async setGroupDescription(description: string): Promise<void> {
    const group = this.requireGroup();
    await this.#write("metadata", ["description", description], () =>
      group.updateDescription(description),
    );
  }

  /**
   * Opens a conversation through the outbound gate, outside the write journal: it must hand
   * back the conversation. A DM is found again on a replay; a replayed `createGroup` makes a
   * second group.
   */
  #open<T>(create: () => Promise<T>): Promise<T> {
    return this.services.outbound.run(
      { kind: "conversation", conversationId: this.conversation.id },
      create,
    );
  }

  /**
   * The one way out for every write: through the event's write journal (idempotent across
   * redelivery) and the outbound gate. `what` says what the write is (its content), which the
   * journal knows it by; `send(optimistic)` should pass the flag on to node-sdk.
   */
  #write<T>(kind: OutboundKind, what: unknown, send: JournaledSend<T>): Promise<T | undefined> {
    const operation = { kind, conversationId: this.conversation.id };
    if (!this.#writes) return this.services.outbound.run(operation, () => send(false));
    return this.#writes.write(this.services.outbound, operation, send, what);
  }

  /** agent-sdk's own message context, for its sender-address lookup (writes go through #write). */
  #sdkContext(): MessageContext | undefined {
    if (!this.message) return undefined;
    return new MessageContext({
      message: this.message as never,
      conversation: this.conversation,
      client: this.services.client,
    });
  }
}

function misuse(ctx: Context, message: string): SwitchboardError {
  return new SwitchboardError("SB_ERR_CONTEXT_MISUSE", message, { ctx });
}
