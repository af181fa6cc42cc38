import { Writable } from "node:stream";
import { type Client, type Conversation, type DecodedMessage, Dm } from "@xmtp/node-sdk";
import { createLogger } from "../../src/log/logger.js";
import { ActionRegistry } from "../../src/runtime/action-registry.js";
import type { RuntimeServices } from "../../src/runtime/context.js";
import { directOutbound } from "../../src/runtime/outbound-gate.js";
import { namespaced, type Store } from "../../src/store/store.js";
import { ConsentState } from "../../src/xmtp/enums.js";

/** What `createContext` needs for one text message, with no network behind it. */
export interface FakeEvent {
  services: RuntimeServices;
  conversation: Conversation;
  message: DecodedMessage;
}

/**
 * A text message in a DM, and runtime services over `store`, built from plain objects: the
 * conversation is a real `Dm` instance (so `ctx.isDm()` holds) answering only what the
 * pipeline asks (`id`, `consentState()`). Logs are formatted at `info` and dropped, as the
 * benchmark agents do.
 *
 * @example
 * const { services, conversation, message } = fakeEvent(createMemoryStore());
 * const ctx = createContext(services, { conversation, message, source: "stream" });
 */
export function fakeEvent(store: Store): FakeEvent {
  const client = {
    inboxId: "agent-inbox",
    accountIdentifier: { identifier: "0x00000000000000000000000000000000000a9e17" },
  } as unknown as Client;
  const conversation: Conversation = Object.create(Dm.prototype, {
    id: { value: "bench-dm" },
    consentState: { value: () => ConsentState.Allowed },
  });
  const message = {
    id: "bench-message",
    conversationId: "bench-dm",
    senderInboxId: "sender-inbox",
    content: "hello there",
    contentType: { authorityId: "xmtp.org", typeId: "text", versionMajor: 1, versionMinor: 0 },
  } as unknown as DecodedMessage;
  const logger = createLogger({
    name: "bench",
    level: "info",
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const services: RuntimeServices = {
    client,
    store,
    outbound: directOutbound,
    actions: new ActionRegistry(namespaced(store, "actions:")),
    logger,
    agentName: "bench",
  };
  return { services, conversation, message };
}
