// Reads the primitive types of the Kafka protocol from a request body. Big-endian fixed-width integers,
// int16-length strings (-1 = null), int32-length bytes and arrays (-1 = null), and the zig-zag varints
// of the record format. Source: the Kafka protocol guide, "Protocol Primitive Types"
// (https://kafka.apache.org/protocol#protocol_types), and kafkajs's own decoder
// (tulios/kafkajs src/protocol/decoder.js), which reads the same types from the other side.
//
// A request in a flexible version (KIP-482, Kafka 2.4+: the versions each message's .json lists as
// "flexibleVersions") encodes the same fields compactly: COMPACT_STRING, COMPACT_BYTES and
// COMPACT_ARRAY carry an unsigned varint of length + 1 (0 = null), and every structure ends with a
// tagged field section. With `flexible` set, string(), bytes() and array() read the compact forms and
// taggedFields() reads that section, so one handler reads every version of its API.

export class ProtocolError extends Error {}

export class ByteReader {
  offset = 0;
  /** The body is of a flexible version: set once the request header has been read. */
  flexible = false;

  constructor(readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) {
      throw new ProtocolError(`request truncated: need ${bytes} bytes at ${this.offset} of ${this.buffer.length}`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buffer.readInt8(this.offset++);
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2);
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** Offsets and timestamps fit in a double for any log this simulator holds (< 2^53). */
  int64(): number {
    this.need(8);
    const value = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return Number(value);
  }

  /** Unsigned varint, as in the request header's tagged fields (KIP-482). */
  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.int8() & 0xff;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
      if (shift > 35) throw new ProtocolError('varint too long');
    }
  }

  /** Zig-zag signed varint of the record format (protocol guide, "Record"). */
  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new ProtocolError('null where a STRING was required');
    return value;
  }

  nullableString(): string | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int16();
    if (length < 0) return null;
    this.need(length);
    const value = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableBytes(): Buffer | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int32();
    if (length < 0) return null;
    return this.raw(length);
  }

  raw(length: number): Buffer {
    this.need(length);
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  array<T>(readItem: (reader: ByteReader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }

  nullableArray<T>(readItem: (reader: ByteReader) => T): T[] | null {
    const count = this.flexible ? this.uvarint() - 1 : this.int32();
    if (count < 0) return null;
    const items: T[] = [];
    for (let i = 0; i < count; i += 1) items.push(readItem(this));
    return items;
  }

  /** A UUID (topic ids, KIP-516), as Kafka's Uuid.toString shows it: URL-safe base64 of its 16 bytes. */
  uuid(): string {
    return this.raw(16).toString('base64url');
  }

  /**
   * The tagged field section that ends a structure in a flexible version; nothing in a classic one.
   * The tags this simulator knows of carry nothing it acts on, so they are read and ignored, as a
   * broker ignores tags it does not know (KIP-482).
   */
  taggedFields(): void {
    if (this.flexible) this.skipTaggedFields();
  }

  /** A tagged field section, always: the request header v2 has one whatever the body's encoding. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i += 1) {
      this.uvarint();
      this.raw(this.uvarint());
    }
  }
}
