/**
 * A cursor over bytes in the TLS presentation language used by MLS (RFC 9420 §2.1.2).
 * Every read checks bounds, so a truncated frame surfaces as a {@link TruncatedInputError}
 * rather than reading zeros past the end.
 */
export class TlsReader {
  #bytes: Uint8Array;
  #view: DataView;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.byteLength - this.#offset;
  }

  u8(): number {
    this.#require(1, "u8");
    const value = this.#view.getUint8(this.#offset);
    this.#offset += 1;
    return value;
  }

  u16(): number {
    this.#require(2, "u16");
    const value = this.#view.getUint16(this.#offset);
    this.#offset += 2;
    return value;
  }

  u32(): number {
    this.#require(4, "u32");
    const value = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return value;
  }

  u64(): bigint {
    this.#require(8, "u64");
    const value = this.#view.getBigUint64(this.#offset);
    this.#offset += 8;
    return value;
  }

  /**
   * MLS variable-length integer (RFC 9420 §2.1.2): the top two bits of the first byte give
   * the length (1, 2 or 4 bytes); `11` is reserved and rejected.
   */
  varint(): number {
    const first = this.u8();
    const prefix = first >> 6;
    if (prefix === 0) return first & 0x3f;
    if (prefix === 1) return ((first & 0x3f) << 8) | this.u8();
    if (prefix === 2) {
      this.#require(3, "varint");
      const rest = (this.u8() << 16) | (this.u8() << 8) | this.u8();
      return (first & 0x3f) * 0x1000000 + rest;
    }
    throw new MalformedInputError(
      `invalid variable-length integer prefix at byte ${this.#offset - 1}`,
    );
  }

  /** A `<V>` vector: varint length, then that many bytes (a view, not a copy). */
  vector(): Uint8Array {
    const length = this.varint();
    this.#require(length, "vector body");
    const slice = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return slice;
  }

  #require(count: number, what: string): void {
    if (this.remaining < count) {
      throw new TruncatedInputError(
        `truncated: needed ${count} byte(s) for ${what} at offset ${this.#offset}, ${this.remaining} left`,
      );
    }
  }
}

/** The input ended before the structure did. */
export class TruncatedInputError extends Error {
  override name = "TruncatedInputError";
}

/** The input has a value the structure does not allow. */
export class MalformedInputError extends Error {
  override name = "MalformedInputError";
}
