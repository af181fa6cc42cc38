import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { StoreRateLimiter } from "../../middleware/rate-limit/store-rate-limiter.js";
import { associations, empty, identity, mls, signatures } from "../../src/devnode/proto-codecs.js";

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, "../..");
const declared = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies;

/** The installed version of a package whose exports hide its package.json. */
function installedVersion(name: string, entry: string): string {
  let dir = dirname(require.resolve(entry));
  while (!dir.endsWith(join("node_modules", name))) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
}

/**
 * Two packages' unexported files are loaded by path. These tests fail loudly when an upgrade
 * moves or reshapes them: re-check src/devnode/proto-codecs.ts and
 * middleware/rate-limit/store-rate-limiter.ts, then update the pinned versions here.
 */
describe("other packages' private files, loaded by path", () => {
  it("@xmtp/proto is the version whose CommonJS identity codecs were checked", () => {
    expect(installedVersion("@xmtp/proto", "@xmtp/proto")).toBe("3.96.0");
    expect(declared["@xmtp/proto"]).toBe("3.96.0");
  });

  it("the identity, association, signature and empty codecs round-trip", () => {
    const lookup = { requests: [{ identifier: "0xab", identifierKind: 0 }] };
    expect(
      identity.GetInboxIdsRequest.decode(identity.GetInboxIdsRequest.encode(lookup).finish()),
    ).toEqual(lookup);
    const signature = { bytes: new Uint8Array([1, 2]), publicKey: new Uint8Array([3]) };
    const codec = signatures.RecoverableEd25519Signature;
    const decoded = codec.decode(codec.encode(signature).finish());
    expect([[...decoded.bytes], [...decoded.publicKey]]).toEqual([[1, 2], [3]]);
    const update = associations.IdentityUpdate.decode(
      associations.IdentityUpdate.encode({
        actions: [],
        clientTimestampNs: mls.PagingInfo.fromPartial({}).idCursor,
        inboxId: "ab",
      } as never).finish(),
    );
    expect(update.inboxId).toBe("ab");
    expect(empty.Empty.encode({}).finish()).toHaveLength(0);
  });

  it("rate-limiter-flexible's store base class is still the one its Redis limiter extends", () => {
    expect(installedVersion("rate-limiter-flexible", "rate-limiter-flexible")).toBe("11.4.0");
    expect(Object.getPrototypeOf(StoreRateLimiter)).toBe(Object.getPrototypeOf(RateLimiterRedis));
  });
});
