// Writes the primitive types of the Kafka protocol into a response body (the mirror of reader.ts; same
// sources: https://kafka.apache.org/protocol#protocol_types and tulios/kafkajs src/protocol/encoder.js).

export class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialSize = 256) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

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
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    this.int16(bytes.length);
    return this.raw(bytes);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    return this.raw(value);
  }

  /** A RECORDS field: int32 length, then the record batches exactly as stored. */
  records(batches: Buffer[]): this {
    const total = batches.reduce((sum, batch) => sum + batch.length, 0);
    this.int32(total);
    for (const batch of batches) this.raw(batch);
    return this;
  }

  raw(value: Buffer): this {
    this.ensure(value.length);
    value.copy(this.buffer, this.length);
    this.length += value.length;
    return this;
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  int32Array(items: readonly number[]): this {
    return this.array(items, (w, item) => w.int32(item));
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
