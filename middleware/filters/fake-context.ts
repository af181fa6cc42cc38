import { type Client, type Conversation, type DecodedMessage, Dm, Group } from "@xmtp/node-sdk";
import { pino } from "pino";
import { ActionRegistry } from "../../src/runtime/action-registry.js";
import { Context, type ContextInit } from "../../src/runtime/context.js";
import type { EventName, EventSource } from "../../src/runtime/events.js";
import type { OutboundGate } from "../../src/runtime/outbound-gate.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { namespaced, type Store } from "../../src/store/store.js";
import { ConsentState } from "../../src/xmtp/enums.js";

/** What {@link fakeContext} builds a context from; everything has a harmless default. */
export interface FakeContextOptions {
  event?: EventName;
  /** The message content; "hello" by default, absent for a `conversation` event. */
  content?: unknown;
  sender?: string;
  kind?: "dm" | "group";
  conversationId?: string;
  admins?: readonly string[];
  superAdmins?: readonly string[];
  consent?: keyof typeof ConsentState;
  /** Ethereum address per inbox id, answered by the fake client's inbox state lookup. */
  addresses?: Readonly<Record<string, string>>;
  agentInboxId?: string;
  agentAddress?: string;
  store?: Store;
  /** A fixed message id, to deliver the same message twice; random by default. */
  messageId?: string;
  source?: EventSource;
  /** The gate writes pass through; writes run at once by default. */
  outbound?: OutboundGate;
}

/** A fake context and what it recorded. */
export interface FakeContext {
  ctx: Context;
  /** Texts the context sent or replied, in order; other content as `<type id>`. */
  sent: string[];
  /** How many times the sender's inbox state was looked up. */
  lookups: { count: number };
}

const decoder = new TextDecoder();

/**
 * A real {@link Context} over a fake conversation and client, for unit tests of middleware:
 * `instanceof Dm`/`Group` hold, admin and consent answers come from the options, and texts
 * the context sends are recorded instead of published.
 *
 * @example
 * const { ctx, sent } = fakeContext({ kind: "group", sender: "alice", admins: ["alice"] });
 * expect(await senderIsAdmin(ctx)).toBe(true);
 */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const sent: string[] = [];
  const lookups = { count: 0 };
  const event = options.event ?? "text";
  const sender = options.sender ?? "sender-inbox";
  const conversationId = options.conversationId ?? `${options.kind ?? "dm"}-conversation`;
  const record = async (text: string) => {
    sent.push(text);
  };
  const conversation: Conversation = Object.create(
    (options.kind === "group" ? Group : Dm).prototype,
    {
      id: { value: conversationId },
      consentState: { value: () => ConsentState[options.consent ?? "Allowed"] },
      isAdmin: { value: (inboxId: string) => options.admins?.includes(inboxId) ?? false },
      isSuperAdmin: {
        value: (inboxId: string) => options.superAdmins?.includes(inboxId) ?? false,
      },
      sendText: { value: record },
      send: {
        value: (encoded: { type?: { typeId?: string } }) => record(`<${encoded.type?.typeId}>`),
      },
      sendReply: {
        value: ({ content }: { content: { content: Uint8Array } }) =>
          record(decoder.decode(content.content)),
      },
    },
  );
  const client = {
    inboxId: options.agentInboxId ?? "agent-inbox",
    accountIdentifier: {
      identifier: options.agentAddress ?? "0x00000000000000000000000000000000000a9e17",
    },
    preferences: {
      getInboxStates: async (inboxIds: string[]) => {
        lookups.count++;
        return inboxIds.map((inboxId) => ({
          identifiers: options.addresses?.[inboxId]
            ? [{ identifier: options.addresses[inboxId] }]
            : [],
        }));
      },
    },
  } as unknown as Client;
  const direct: OutboundGate = { run: (_operation, write) => write() };
  const store = options.store ?? createMemoryStore();
  const message =
    event === "conversation"
      ? undefined
      : ({
          id: options.messageId ?? `message-${Math.random().toString(36).slice(2)}`,
          conversationId,
          senderInboxId: sender,
          content: options.content ?? "hello",
        } as unknown as DecodedMessage);
  const init = {
    event,
    conversation,
    message,
    source: options.source ?? "stream",
    services: {
      client,
      store,
      outbound: options.outbound ?? direct,
      actions: new ActionRegistry(namespaced(store, "actions:")),
      logger: pino({ level: "silent" }),
      agentName: "fake",
    },
  } as ContextInit<EventName>;
  return { ctx: new Context(init), sent, lookups };
}
