import { describe, expect, it } from "vitest";
import { parseKeyPackageInstallationKey, parseMlsMessageHeader } from "./mls-parse.js";
import { MalformedInputError, TlsReader, TruncatedInputError } from "./tls-reader.js";

/** `<V>` vector with a 1-byte (< 64) or 2-byte (< 16384) length prefix. */
function vector(bytes: number[]): number[] {
  if (bytes.length < 64) return [bytes.length, ...bytes];
  return [0x40 | (bytes.length >> 8), bytes.length & 0xff, ...bytes];
}
const u16 = (n: number) => [n >> 8, n & 0xff];
const u64 = (n: number) => [
  0,
  0,
  0,
  0,
  (n >>> 24) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 8) & 0xff,
  n & 0xff,
];
const GROUP_ID = Array.from({ length: 16 }, (_, i) => i + 1);

function privateMessage(contentType: number): Uint8Array {
  return Uint8Array.from([...u16(1), ...u16(2), ...vector(GROUP_ID), ...u64(7), contentType, 0xaa]);
}

describe("TlsReader", () => {
  it("reads the three varint widths", () => {
    expect(new TlsReader(Uint8Array.from([0x25])).varint()).toBe(0x25);
    expect(new TlsReader(Uint8Array.from([0x7b, 0xbd])).varint()).toBe(0x3bbd);
    expect(new TlsReader(Uint8Array.from([0x9d, 0x7f, 0x3e, 0x7d])).varint()).toBe(0x1d7f3e7d);
  });

  it("rejects the reserved 11 prefix and truncated varints", () => {
    expect(() => new TlsReader(Uint8Array.from([0xc0])).varint()).toThrow(MalformedInputError);
    expect(() => new TlsReader(Uint8Array.from([0x80, 0x01])).varint()).toThrow(
      TruncatedInputError,
    );
  });

  it("refuses a vector whose length runs past the end", () => {
    expect(() => new TlsReader(Uint8Array.from([5, 1, 2])).vector()).toThrow(/needed 5 byte/);
  });
});

describe("parseMlsMessageHeader", () => {
  it("reads group id, epoch and content type of a PrivateMessage", () => {
    const header = parseMlsMessageHeader(privateMessage(1));
    expect([...header.groupId]).toEqual(GROUP_ID);
    expect(header.epoch).toBe(7n);
    expect(header.isCommit).toBe(false);
    expect(parseMlsMessageHeader(privateMessage(3)).isCommit).toBe(true);
  });

  it("skips a PublicMessage sender and authenticated data", () => {
    const member = [1, 0, 0, 0, 3];
    const bytes = Uint8Array.from([
      ...u16(1),
      ...u16(1),
      ...vector(GROUP_ID),
      ...u64(2),
      ...member,
      ...vector([9, 9]),
      3,
    ]);
    expect(parseMlsMessageHeader(bytes)).toMatchObject({ wireFormat: 1, isCommit: true });
    const newMemberCommit = Uint8Array.from([
      ...u16(1),
      ...u16(1),
      ...vector(GROUP_ID),
      ...u64(2),
      4,
      ...vector([]),
      3,
    ]);
    expect(parseMlsMessageHeader(newMemberCommit).isCommit).toBe(true);
  });

  it("rejects every truncation of a valid message", () => {
    const full = privateMessage(1);
    // The header ends at the content type byte; any shorter prefix must fail cleanly.
    for (let length = 0; length < full.byteLength - 1; length++) {
      expect(() => parseMlsMessageHeader(full.subarray(0, length))).toThrow(TruncatedInputError);
    }
  });

  it("rejects wrong versions, wire formats, content types and empty group ids", () => {
    const bad = (bytes: number[]) => () => parseMlsMessageHeader(Uint8Array.from(bytes));
    expect(bad([...u16(2), ...u16(2), ...vector(GROUP_ID), ...u64(0), 1])).toThrow(/version/);
    expect(bad([...u16(1), ...u16(3), ...vector(GROUP_ID), ...u64(0), 1])).toThrow(/wire format/);
    expect(bad([...u16(1), ...u16(2), ...vector(GROUP_ID), ...u64(0), 9])).toThrow(/content type/);
    expect(bad([...u16(1), ...u16(2), ...vector([]), ...u64(0), 1])).toThrow(/empty group id/);
    expect(bad([...u16(1), ...u16(1), ...vector(GROUP_ID), ...u64(0), 7])).toThrow(/sender type/);
  });
});

describe("parseKeyPackageInstallationKey", () => {
  const signatureKey = Array.from({ length: 32 }, (_, i) => 200 - i);
  const keyPackage = Uint8Array.from([
    ...u16(1),
    ...u16(1),
    ...vector(new Array(32).fill(1)),
    ...vector(new Array(32).fill(2)),
    ...vector(signatureKey),
    ...vector(new Array(100).fill(3)),
  ]);

  it("returns the leaf node's signature key", () => {
    expect([...parseKeyPackageInstallationKey(keyPackage)]).toEqual(signatureKey);
  });

  it("rejects truncated key packages and garbage", () => {
    for (const length of [0, 3, 20, 40, 70, 100]) {
      expect(() => parseKeyPackageInstallationKey(keyPackage.subarray(0, length))).toThrow();
    }
    expect(() => parseKeyPackageInstallationKey(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow();
  });
});
