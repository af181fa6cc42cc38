import { randomBytes } from "node:crypto";
import { status } from "@grpc/grpc-js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Devnode, startDevnode } from "../../src/devnode/devnode.js";
import { associations, identity, mls } from "../../src/devnode/proto-codecs.js";
import { IDENTITY, MLS, rawClient } from "./raw-grpc.js";

/** Raw gRPC against a private devnode (random port): frames no well-behaved client sends. */
describe("devnode refuses bad frames with a gRPC status, and keeps serving", () => {
  let node: Devnode;
  let raw: ReturnType<typeof rawClient>;

  beforeAll(async () => {
    node = await startDevnode({ port: 0, logger: pino({ level: "silent" }) });
    raw = rawClient(node.port);
  });

  afterAll(async () => {
    raw.close();
    await node.stop();
  });

  const call = (path: string, bytes: Uint8Array) => raw.unary(path, bytes);
  const sendGroupMessage = (data: Uint8Array) =>
    call(
      `${MLS}/SendGroupMessages`,
      mls.SendGroupMessagesRequest.encode({
        messages: [{ v1: { data, senderHmac: new Uint8Array(), shouldPush: true } }],
      }).finish(),
    );

  it("answers undecodable protobuf with INVALID_ARGUMENT", async () => {
    for (const path of [
      `${MLS}/SendGroupMessages`,
      `${MLS}/QueryGroupMessages`,
      `${IDENTITY}/GetInboxIds`,
    ]) {
      const result = await call(path, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
      expect(result.code, path).toBe(status.INVALID_ARGUMENT);
    }
  });

  it("answers random garbage frames without crashing", async () => {
    for (let i = 0; i < 50; i++) {
      const result = await call(`${MLS}/SendGroupMessages`, randomBytes(1 + ((i * 37) % 400)));
      expect([status.OK, status.INVALID_ARGUMENT]).toContain(result.code);
    }
    expect((await call(`${IDENTITY}/GetInboxIds`, new Uint8Array())).code).toBe(status.OK);
  });

  it("refuses truncated MLS messages and names the problem", async () => {
    const result = await sendGroupMessage(Uint8Array.from([0, 1, 0, 2, 16, 1, 2]));
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    expect(result.details).toMatch(/not an MLS group message: truncated/);
  });

  it("refuses key packages that do not parse", async () => {
    const result = await call(
      `${MLS}/UploadKeyPackage`,
      mls.UploadKeyPackageRequest.encode({
        keyPackage: { keyPackageTlsSerialized: Uint8Array.from([0, 1, 0, 1, 0x7f]) },
        isInboxIdCredential: false,
      }).finish(),
    );
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    expect(result.details).toMatch(/key package does not parse/);
  });

  it("refuses payloads over XMTP's 1 MB limit", async () => {
    const header = [0, 1, 0, 2, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const huge = new Uint8Array(1_000_001);
    huge.set(header);
    const result = await sendGroupMessage(huge);
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    expect(result.details).toMatch(/larger than 1000000 bytes/);
  });

  it("answers unknown group ids with an empty page and empty ids with INVALID_ARGUMENT", async () => {
    const unknown = await call(
      `${MLS}/QueryGroupMessages`,
      mls.QueryGroupMessagesRequest.encode({
        groupId: randomBytes(16),
        pagingInfo: undefined,
      }).finish(),
    );
    expect(unknown.code).toBe(status.OK);
    expect(mls.QueryGroupMessagesResponse.decode(unknown.response!).messages).toEqual([]);
    const empty = await call(
      `${MLS}/QueryGroupMessages`,
      mls.QueryGroupMessagesRequest.encode({
        groupId: new Uint8Array(),
        pagingInfo: undefined,
      }).finish(),
    );
    expect(empty.code).toBe(status.INVALID_ARGUMENT);
  });

  it("stores a duplicate group message once and pages ascending from a cursor", async () => {
    const groupId = [...randomBytes(16)];
    const message = (n: number) =>
      Uint8Array.from([0, 1, 0, 2, 16, ...groupId, 0, 0, 0, 0, 0, 0, 0, 1, 1, n]);
    for (const n of [1, 2, 2, 3]) expect((await sendGroupMessage(message(n))).code).toBe(status.OK);
    const page = await call(
      `${MLS}/QueryGroupMessages`,
      mls.QueryGroupMessagesRequest.encode({
        groupId: Uint8Array.from(groupId),
        pagingInfo: undefined,
      }).finish(),
    );
    const messages = mls.QueryGroupMessagesResponse.decode(page.response!).messages;
    expect(messages.map((m) => m.v1!.data.at(-1))).toEqual([1, 2, 3]);
    expect(messages.every((m) => m.v1!.isCommit === false)).toBe(true);
  });

  describe("identity limits", () => {
    const inboxId = randomBytes(32).toString("hex");
    const publish = (actions: object[]) =>
      call(
        `${IDENTITY}/PublishIdentityUpdate`,
        identity.PublishIdentityUpdateRequest.encode({
          identityUpdate: associations.IdentityUpdate.fromPartial({ inboxId, actions }),
        }).finish(),
      );
    const addInstallation = () =>
      publish([{ add: { newMemberIdentifier: { installationPublicKey: randomBytes(32) } } }]);

    it("refuses updates to an inbox that was never created", async () => {
      const result = await addInstallation();
      expect(result.code).toBe(status.INVALID_ARGUMENT);
      expect(result.details).toMatch(/first update must create it/);
    });

    it("refuses an 11th installation", async () => {
      const address = `0x${randomBytes(20).toString("hex")}`;
      expect(
        (await publish([{ createInbox: { initialIdentifier: address, nonce: 0 } }])).code,
      ).toBe(status.OK);
      for (let i = 0; i < 10; i++) expect((await addInstallation()).code).toBe(status.OK);
      const eleventh = await addInstallation();
      expect(eleventh.code).toBe(status.INVALID_ARGUMENT);
      expect(eleventh.details).toMatch(/10\/10 installations/);
    });

    it("refuses the 257th update (inbox log is full)", async () => {
      const revokeNothing = () =>
        publish([{ revoke: { memberToRevoke: { installationPublicKey: randomBytes(32) } } }]);
      // 11 updates so far (create + 10 installations); fill the log to 256.
      for (let i = 11; i < 256; i++) expect((await revokeNothing()).code).toBe(status.OK);
      const full = await revokeNothing();
      expect(full.code).toBe(status.INVALID_ARGUMENT);
      expect(full.details).toBe("inbox log is full");
    });
  });

  it("counts every call and failure", () => {
    const { rpcs } = node.stats();
    expect(rpcs.SendGroupMessages?.failures).toBeGreaterThan(0);
    expect(rpcs.PublishIdentityUpdate?.calls).toBeGreaterThanOrEqual(257);
  });
});
