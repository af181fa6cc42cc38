import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { status } from "@grpc/grpc-js";
import Long from "long";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Devnode, startDevnode } from "../../src/devnode/devnode.js";
import { associations, identity, mls } from "../../src/devnode/proto-codecs.js";
import { IDENTITY, MLS, rawClient } from "./raw-grpc.js";

const FRAMES_PER_METHOD = 1_000;
const IN_FLIGHT = 16;

const groupId = randomBytes(16);
const installationKey = randomBytes(32);
const inboxId = randomBytes(32).toString("hex");
const zero = Long.fromNumber(0, true);
const paging = { direction: 1, limit: 10, idCursor: zero };
/** An MLS PrivateMessage header: version 1, wire format 2, group id, epoch, content type. */
const mlsMessage = Uint8Array.from([0, 1, 0, 2, 16, ...groupId, 0, 0, 0, 0, 0, 0, 0, 1, 1, 9]);

/** One well-formed request per method: the seed that garbage is made from. */
const valid: Record<string, { path: string; stream?: true; frame: Uint8Array }> = {
  SendGroupMessages: {
    path: `${MLS}/SendGroupMessages`,
    frame: mls.SendGroupMessagesRequest.encode({
      messages: [{ v1: { data: mlsMessage, senderHmac: randomBytes(8), shouldPush: true } }],
    }).finish(),
  },
  SendWelcomeMessages: {
    path: `${MLS}/SendWelcomeMessages`,
    frame: mls.SendWelcomeMessagesRequest.encode({
      messages: [
        {
          v1: {
            installationKey,
            data: randomBytes(40),
            hpkePublicKey: randomBytes(32),
            wrapperAlgorithm: 1,
            welcomeMetadata: new Uint8Array(),
          },
        },
      ],
    }).finish(),
  },
  UploadKeyPackage: {
    path: `${MLS}/UploadKeyPackage`,
    frame: mls.UploadKeyPackageRequest.encode({
      keyPackage: {
        keyPackageTlsSerialized: Uint8Array.from([0, 1, 0, 1, 2, 7, 7, 2, 8, 8, 4, 1, 2, 3, 4]),
      },
      isInboxIdCredential: false,
    }).finish(),
  },
  FetchKeyPackages: {
    path: `${MLS}/FetchKeyPackages`,
    frame: mls.FetchKeyPackagesRequest.encode({ installationKeys: [installationKey] }).finish(),
  },
  QueryGroupMessages: {
    path: `${MLS}/QueryGroupMessages`,
    frame: mls.QueryGroupMessagesRequest.encode({ groupId, pagingInfo: paging }).finish(),
  },
  QueryWelcomeMessages: {
    path: `${MLS}/QueryWelcomeMessages`,
    frame: mls.QueryWelcomeMessagesRequest.encode({ installationKey, pagingInfo: paging }).finish(),
  },
  GetNewestGroupMessage: {
    path: `${MLS}/GetNewestGroupMessage`,
    frame: mls.GetNewestGroupMessageRequest.encode({
      groupIds: [groupId],
      includeContent: false,
    }).finish(),
  },
  BatchPublishCommitLog: {
    path: `${MLS}/BatchPublishCommitLog`,
    frame: mls.BatchPublishCommitLogRequest.encode({
      requests: [
        {
          groupId,
          serializedCommitLogEntry: randomBytes(20),
          signature: { bytes: randomBytes(64), publicKey: randomBytes(32) },
        },
      ],
    }).finish(),
  },
  BatchQueryCommitLog: {
    path: `${MLS}/BatchQueryCommitLog`,
    frame: mls.BatchQueryCommitLogRequest.encode({
      requests: [{ groupId, pagingInfo: paging }],
    }).finish(),
  },
  SubscribeGroupMessages: {
    path: `${MLS}/SubscribeGroupMessages`,
    stream: true,
    frame: mls.SubscribeGroupMessagesRequest.encode({
      filters: [{ groupId, idCursor: zero }],
    }).finish(),
  },
  SubscribeWelcomeMessages: {
    path: `${MLS}/SubscribeWelcomeMessages`,
    stream: true,
    frame: mls.SubscribeWelcomeMessagesRequest.encode({
      filters: [{ installationKey, idCursor: zero }],
    }).finish(),
  },
  PublishIdentityUpdate: {
    path: `${IDENTITY}/PublishIdentityUpdate`,
    frame: identity.PublishIdentityUpdateRequest.encode({
      identityUpdate: associations.IdentityUpdate.fromPartial({
        inboxId,
        actions: [
          {
            createInbox: {
              initialIdentifier: `0x${randomBytes(20).toString("hex")}`,
              nonce: zero,
              initialIdentifierSignature: { erc191: { bytes: randomBytes(65) } },
            },
          },
        ],
      }),
    }).finish(),
  },
  GetIdentityUpdates: {
    path: `${IDENTITY}/GetIdentityUpdates`,
    frame: identity.GetIdentityUpdatesRequest.encode({
      requests: [{ inboxId, sequenceId: zero }],
    }).finish(),
  },
  GetInboxIds: {
    path: `${IDENTITY}/GetInboxIds`,
    frame: identity.GetInboxIdsRequest.encode({
      requests: [{ identifier: `0x${randomBytes(20).toString("hex")}`, identifierKind: 0 }],
    }).finish(),
  },
};

/** Frame `i` of the garbage run: a third random bytes, a third truncated, a third bit-flipped. */
function garbage(seed: Uint8Array, i: number): Uint8Array {
  switch (i % 3) {
    case 0:
      return randomBytes(i % 600);
    case 1:
      return seed.subarray(0, Math.floor(Math.random() * seed.byteLength));
    default: {
      const flipped = Uint8Array.from(seed);
      for (let flips = 1 + (i % 4); flips > 0; flips--) {
        const at = Math.floor(Math.random() * flipped.byteLength);
        flipped[at] = (flipped[at] ?? 0) ^ (1 << Math.floor(Math.random() * 8));
      }
      return flipped;
    }
  }
}

describe("1,000 garbage frames to every devnode method", () => {
  let node: Devnode;
  let raw: ReturnType<typeof rawClient>;
  const errorLines: string[] = [];

  beforeAll(async () => {
    // Every line at error level or above is a devnode bug surfacing as INTERNAL.
    const sink = new Writable({
      write(chunk, _encoding, done) {
        errorLines.push(String(chunk));
        done();
      },
    });
    node = await startDevnode({ port: 0, logger: pino({ level: "error" }, sink) });
    raw = rawClient(node.port);
  });

  afterAll(async () => {
    raw.close();
    await node.stop();
  });

  // 14,000 calls: half a minute alone, minutes beside other test files.
  it("answers each with OK or INVALID_ARGUMENT, never INTERNAL", async () => {
    const table: Record<string, Record<string, number>> = {};
    for (const [method, { path, stream, frame }] of Object.entries(valid)) {
      const counts: Record<string, number> = {};
      let next = 0;
      const worker = async () => {
        while (next < FRAMES_PER_METHOD) {
          const bytes = garbage(frame, next++);
          const { code } = stream ? await raw.stream(path, bytes) : await raw.unary(path, bytes);
          const name = status[code] ?? String(code);
          counts[name] = (counts[name] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      table[method] = counts;
    }
    console.log("status codes per method after 1,000 garbage frames each:");
    console.table(table);
    const internal = Object.values(table).reduce((sum, counts) => sum + (counts.INTERNAL ?? 0), 0);
    console.log(`${internal} INTERNAL, ${errorLines.length} error-level log lines`);

    for (const [method, counts] of Object.entries(table)) {
      expect(
        Object.values(counts).reduce((a, b) => a + b),
        method,
      ).toBe(FRAMES_PER_METHOD);
      expect(Object.keys(counts).sort(), method).toEqual(
        expect.arrayContaining(["INVALID_ARGUMENT"]),
      );
      for (const code of Object.keys(counts)) {
        expect(["OK", "INVALID_ARGUMENT", "NOT_FOUND"], `${method} answered ${code}`).toContain(
          code,
        );
      }
    }
    expect(errorLines).toEqual([]);
  }, 300_000);

  it("still serves a well-formed request afterwards", async () => {
    const { code } = await raw.unary(valid.GetInboxIds!.path, valid.GetInboxIds!.frame);
    expect(code).toBe(status.OK);
  });
});
