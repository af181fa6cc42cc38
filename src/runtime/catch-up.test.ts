import type { Client } from "@xmtp/node-sdk";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { findMissedWork } from "./catch-up.js";
import { HandledLedger } from "./handled-ledger.js";
import { MessageClaims } from "./message-claims.js";

const AGENT = "agent-inbox";
const SECOND = 1_000_000_000n;

interface FakeMessage {
  id: string;
  conversationId: string;
  senderInboxId: string;
  sentAtNs: bigint;
  contentType?: { authorityId: string; typeId: string };
  content?: unknown;
}

/** Just the client surface catch-up reads: one conversation holding `messages`. */
function clientWith(messages: FakeMessage[], createdAtNs = 0n): Client {
  const conversation = {
    id: "c",
    createdAtNs,
    messages: async ({ sentAfterNs }: { sentAfterNs: bigint }) =>
      messages.filter((message) => message.sentAtNs > sentAfterNs),
  };
  return {
    inboxId: AGENT,
    conversations: { syncAll: async () => undefined, list: async () => [conversation] },
  } as unknown as Client;
}

const message = (id: string, sentAtNs: bigint, senderInboxId = "user"): FakeMessage => ({
  id,
  conversationId: "c",
  senderInboxId,
  sentAtNs,
  contentType: { authorityId: "xmtp.org", typeId: "text" },
});

/** A ledger and the handled-ness it goes with, as the runtime keeps them. */
function ledgerAndRecords() {
  const store = createMemoryStore();
  const ledger = new HandledLedger(store);
  const claims = new MessageClaims(store, { ttlMs: 1_000 });
  const isHandled = (id: string) => claims.isHandled(id);
  const markHandled = async (m: FakeMessage) => {
    await claims.complete(m.id);
    ledger.advanceCursor(m);
  };
  return { ledger, isHandled, markHandled };
}

describe("findMissedWork", () => {
  it("replays an unhandled message that sits behind the newest handled one", async () => {
    const { ledger, isHandled, markHandled } = ledgerAndRecords();
    const skipped = message("skipped", 100n * SECOND);
    const handled = message("handled", 101n * SECOND);
    await markHandled(handled);

    const missed = await findMissedWork(clientWith([skipped, handled]), ledger, isHandled, 0n);

    expect(missed.messages.map((m) => m.id)).toEqual(["skipped"]);
  });

  it("looks back only so far, never before the agent first ran, and skips its own", async () => {
    const { ledger, isHandled, markHandled } = ledgerAndRecords();
    await markHandled(message("handled", 1_000n * SECOND));
    const messages = [
      message("before-first-run", 5n * SECOND),
      message("long-ago", 100n * SECOND),
      message("recent", 990n * SECOND),
      message("own", 995n * SECOND, AGENT),
      message("new", 1_001n * SECOND),
    ];

    const missed = await findMissedWork(
      clientWith(messages),
      ledger,
      isHandled,
      10n * SECOND,
      60n * SECOND,
    );

    expect(missed.messages.map((m) => m.id)).toEqual(["recent", "new"]);
  });

  it("never replays the update that recorded the agent's own joining", async () => {
    const joined = (id: string, inboxId: string): FakeMessage => ({
      ...message(id, 5n * SECOND, "creator"),
      contentType: { authorityId: "xmtp.org", typeId: "group_updated" },
      content: { addedInboxes: [{ inboxId }], removedInboxes: [], metadataFieldChanges: [] },
    });
    const { ledger, isHandled } = ledgerAndRecords();
    const messages = [joined("agent-joined", AGENT), joined("someone-joined", "someone")];

    const missed = await findMissedWork(clientWith(messages), ledger, isHandled, 0n);

    expect(missed.messages.map((m) => m.id)).toEqual(["someone-joined"]);
  });

  it("reports a conversation created since the first run that it never handled", async () => {
    const { ledger, isHandled } = ledgerAndRecords();
    const missed = await findMissedWork(clientWith([], 20n), ledger, isHandled, 10n);
    expect(missed.conversations.map((c) => c.id)).toEqual(["c"]);
  });
});
