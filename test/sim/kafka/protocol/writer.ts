// Writes the primitive types of the Kafka protocol into a response body (the mirror of reader.ts; same
// sources: https://kafka.apache.org/protocol#protocol_types and tulios/kafkajs src/protocol/encoder.js).
// A `flexible` writer (a response in a flexible version, KIP-482) writes strings, bytes, arrays and
// records in their compact forms (unsigned varint of length + 1, 0 = null), and taggedFields() ends
// each structure with an empty tagged field section; a classic writer writes neither.

export class ByteWriter {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  constructor(readonly flexible = false) {}

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Writes a fixed-width integer with one of Buffer's big-endian writers. */
  private fixed(bytes: number, write: (buffer: Buffer, offset: number) => void): this {
    this.ensure(bytes);
    write(this.buffer, this.length);
    this.length += bytes;
    return this;
  }

  int8(value: number): this {
    return this.fixed(1, (b, at) => b.writeInt8(value, at));
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    return this.fixed(2, (b, at) => b.writeInt16BE(value, at));
  }

  int32(value: number): this {
    return this.fixed(4, (b, at) => b.writeInt32BE(value, at));
  }

  int64(value: number): this {
    return this.fixed(8, (b, at) => b.writeBigInt64BE(BigInt(value), at));
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.lengthPrefix(-1, 2);
    const bytes = Buffer.from(value, 'utf8');
    this.lengthPrefix(bytes.length, 2);
    return this.raw(bytes);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.lengthPrefix(-1, 4);
    this.lengthPrefix(value.length, 4);
    return this.raw(value);
  }

  /** A RECORDS field: its length as BYTES has it, then the record batches exactly as stored. */
  records(batches: Buffer[]): this {
    const total = batches.reduce((sum, batch) => sum + batch.length, 0);
    this.lengthPrefix(total, 4);
    for (const batch of batches) this.raw(batch);
    return this;
  }

  /** Unsigned varint (KIP-482): 7 bits a byte, low bits first, the high bit set on all but the last. */
  uvarint(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      const low7 = rest % 0x80;
      this.fixed(1, (b, at) => b.writeUInt8(low7 | 0x80, at));
      rest = Math.floor(rest / 0x80);
    }
    return this.fixed(1, (b, at) => b.writeUInt8(rest, at));
  }

  /** A UUID given as Kafka's Uuid.toString shows it (URL-safe base64 of 16 bytes): reader.ts uuid(). */
  uuid(value: string): this {
    const bytes = Buffer.from(value, 'base64url');
    if (bytes.length !== 16) throw new Error(`not a UUID: ${value}`);
    return this.raw(bytes);
  }

  /** The tagged field section that ends a structure in a flexible version: none of ours carries a tag. */
  taggedFields(): this {
    return this.flexible ? this.uvarint(0) : this;
  }

  raw(value: Buffer): this {
    this.ensure(value.length);
    value.copy(this.buffer, this.length);
    this.length += value.length;
    return this;
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    return this.nullableArray(items, writeItem);
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    if (items === null) return this.lengthPrefix(-1, 4);
    this.lengthPrefix(items.length, 4);
    for (const item of items) writeItem(this, item);
    return this;
  }

  int32Array(items: readonly number[]): this {
    return this.array(items, (w, item) => w.int32(item));
  }

  /**
   * The length (or -1 for null) before a string, bytes or array: compact (an unsigned varint of
   * length + 1) in a flexible version, else an int16 (strings) or int32 (bytes, arrays).
   */
  private lengthPrefix(value: number, classicWidth: 2 | 4): this {
    if (this.flexible) return this.uvarint(value + 1);
    return classicWidth === 2 ? this.int16(value) : this.int32(value);
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
