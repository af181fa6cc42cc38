import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSigner, createUser } from "@xmtp/agent-sdk";
import {
  Client,
  type Conversation,
  type DecodedMessage,
  type Dm,
  type Group,
  type Intent,
} from "@xmtp/node-sdk";
import { generatePrivateKey } from "viem/accounts";
import { IdentifierKind, LogLevel } from "../xmtp/enums.js";
import { MessageLog } from "./message-log.js";
import { type WaitOptions, waitFor } from "./wait-for.js";

type Hex = `0x${string}`;

export interface TestUserOptions {
  /** Reuse a wallet (e.g. to restart a user); random by default. */
  walletKey?: Hex;
  /** Keep the client's database here so it can be reopened; a fresh temp file by default. */
  dbPath?: string;
  dbEncryptionKey?: Hex;
  /** A label for error messages. */
  name?: string;
}

/** What {@link TestUser.waitForMessage} matches on; every field given must match. */
export interface MessageMatch {
  conversationId?: string;
  /** Sender inbox id. */
  from?: string;
  /** Content type id, e.g. "text", "reply", "actions", "group_updated". */
  type?: string;
  /** Only messages recorded after this log position (see {@link TestUser.mark}). */
  after?: number;
  where?: (message: DecodedMessage) => boolean;
}

/**
 * A simulated person: a real `@xmtp/node-sdk` client with a random wallet on the devnode,
 * recording everything it receives so tests can send and then wait for answers.
 *
 * @example
 * const alice = await TestUser.create({ name: "alice" });
 * const dm = await alice.dmWith(agentAddress);
 * const reply = await alice.ask(dm, "/help");
 */
export class TestUser {
  readonly name: string;
  readonly client: Client;
  readonly log: MessageLog;
  readonly walletKey: Hex;
  readonly dbPath: string;
  readonly dbEncryptionKey: Hex;

  private constructor(init: {
    name: string;
    client: Client;
    log: MessageLog;
    walletKey: Hex;
    dbPath: string;
    dbEncryptionKey: Hex;
  }) {
    this.name = init.name;
    this.client = init.client;
    this.log = init.log;
    this.walletKey = init.walletKey;
    this.dbPath = init.dbPath;
    this.dbEncryptionKey = init.dbEncryptionKey;
  }

  static async create(options: TestUserOptions = {}): Promise<TestUser> {
    const walletKey = options.walletKey ?? generatePrivateKey();
    const dbEncryptionKey = options.dbEncryptionKey ?? generatePrivateKey();
    const dbPath =
      options.dbPath ?? join(mkdtempSync(join(tmpdir(), "switchboard-user-")), "xmtp.db3");
    const client = await Client.create(createSigner(createUser(walletKey)), {
      ...localClientOptions(),
      dbPath,
      dbEncryptionKey: Buffer.from(dbEncryptionKey.slice(2), "hex"),
    });
    const log = await MessageLog.start(client);
    const name = options.name ?? `user-${client.inboxId.slice(0, 6)}`;
    return new TestUser({ name, client, log, walletKey, dbPath, dbEncryptionKey });
  }

  get address(): string {
    return this.client.accountIdentifier!.identifier;
  }

  get inboxId(): string {
    return this.client.inboxId;
  }

  async dmWith(address: string): Promise<Dm> {
    return this.client.conversations.createDmWithIdentifier({
      identifier: address.toLowerCase(),
      identifierKind: IdentifierKind.Ethereum,
    });
  }

  async createGroup(addresses: string[], options: { name?: string } = {}): Promise<Group> {
    return this.client.conversations.createGroupWithIdentifiers(
      addresses.map((address) => ({
        identifier: address.toLowerCase(),
        identifierKind: IdentifierKind.Ethereum,
      })),
      options.name ? { groupName: options.name } : undefined,
    );
  }

  /** The current log position: pass it as `after` to match only what arrives later. */
  mark(): number {
    return this.log.messages.length;
  }

  waitForMessage(match: MessageMatch, options: WaitOptions = {}): Promise<DecodedMessage> {
    const after = match.after ?? 0;
    return this.log.waitFor(
      (message) =>
        this.log.messages.indexOf(message) >= after &&
        (match.conversationId === undefined || message.conversationId === match.conversationId) &&
        (match.from === undefined || message.senderInboxId === match.from) &&
        (match.type === undefined || message.contentType?.typeId === match.type) &&
        (match.where === undefined || match.where(message)),
      { description: `${this.name}: a message matching ${describeMatch(match)}`, ...options },
    );
  }

  /**
   * Sends `text` and resolves with the first message someone else then sends in the same
   * conversation (optionally of a content type): "user sends text and waits for the reply".
   */
  async ask(
    conversation: Conversation,
    text: string,
    options: WaitOptions & { type?: string; where?: MessageMatch["where"] } = {},
  ): Promise<DecodedMessage> {
    const after = this.mark();
    await conversation.sendText(text);
    return this.waitForMessage(
      {
        conversationId: conversation.id,
        after,
        type: options.type,
        where: (m) => m.senderInboxId !== this.inboxId && (options.where?.(m) ?? true),
      },
      { description: `${this.name}: an answer to "${text.slice(0, 60)}"`, ...options },
    );
  }

  /** Taps action button `actionId` of the actions message `actionsId`: sends the intent. */
  async tapAction(
    conversation: Conversation,
    actionsId: string,
    actionId: string,
    metadata?: Intent["metadata"],
  ): Promise<string> {
    return conversation.sendIntent({ id: actionsId, actionId, metadata });
  }

  /** Waits for a `group_updated` message in `group` (added/removed members, metadata...). */
  waitForGroupUpdate(
    group: Conversation,
    where?: MessageMatch["where"],
    options: WaitOptions = {},
  ): Promise<DecodedMessage> {
    return this.waitForMessage({ conversationId: group.id, type: "group_updated", where }, options);
  }

  /** Finds a conversation this user was added to by someone else, syncing until it appears. */
  async conversation(conversationId: string, options: WaitOptions = {}): Promise<Conversation> {
    return waitFor(
      async () => {
        await this.client.conversations.sync();
        return (await this.client.conversations.getConversationById(conversationId)) ?? undefined;
      },
      { description: `${this.name}: conversation ${conversationId}`, intervalMs: 100, ...options },
    );
  }

  /** Closes the stream; the client's database stays, so {@link reopen} picks up where it was. */
  async stop(): Promise<void> {
    await this.log.stop();
  }

  /** A new client over the same wallet and database, as after an app restart. */
  async reopen(): Promise<TestUser> {
    await this.stop();
    return TestUser.create({
      name: this.name,
      walletKey: this.walletKey,
      dbPath: this.dbPath,
      dbEncryptionKey: this.dbEncryptionKey,
    });
  }
}

/**
 * Client options for the devnode: `env: "local"` is what makes node-sdk 5.3 dial port 5556.
 * libxmtp logs off by default: it reports welcomes seen by both stream and sync as errors,
 * which is noise in tests. `XMTP_CLIENT_LOG_LEVEL=Warn` turns them back on.
 */
export function localClientOptions() {
  const level = process.env.XMTP_CLIENT_LOG_LEVEL as keyof typeof LogLevel | undefined;
  return {
    env: "local" as const,
    disableDeviceSync: true,
    historySyncUrl: null,
    loggingLevel: LogLevel[level ?? "Off"] ?? LogLevel.Off,
  };
}

function describeMatch(match: MessageMatch): string {
  const parts = Object.entries(match)
    .filter(([key, value]) => value !== undefined && key !== "where")
    .map(([key, value]) => `${key}=${String(value).slice(0, 16)}`);
  if (match.where) parts.push("where(...)");
  return `{${parts.join(", ")}}`;
}
