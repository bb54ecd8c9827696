// Record batches (message format v2, magic 2) as a broker sees them: it reads the header, checks the
// CRC, assigns the base offset and stores the bytes as sent. Layout from the Kafka protocol guide,
// "Record Batch" (https://kafka.apache.org/documentation/#recordbatch):
//
//   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
//   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
//   producerId int64 | producerEpoch int16 | baseSequence int32 | records count int32 | records...
//
// The CRC is CRC-32C over everything from attributes to the end, so the broker may rewrite baseOffset
// and partitionLeaderEpoch (as Kafka's LogValidator does) without recomputing it.
import { ByteReader } from './protocol/reader.js';

const BASE_OFFSET = 0;
const BATCH_LENGTH = 8;
const LEADER_EPOCH = 12;
const MAGIC = 16;
const CRC = 17;
const ATTRIBUTES = 21;
const LAST_OFFSET_DELTA = 23;
const MAX_TIMESTAMP = 35;
const RECORDS_COUNT = 57;
/** Bytes before the records: the "log overhead" of 12 plus the v2 header of 49. */
export const BATCH_HEADER_SIZE = 61;

export interface BatchHeader {
  /** Offset of the batch's first record in the bytes as given. */
  baseOffset: number;
  /** Total size of this batch in bytes (batchLength + 12). */
  size: number;
  magic: number;
  lastOffsetDelta: number;
  recordCount: number;
  maxTimestamp: number;
  compression: number;
  crcValid: boolean;
}

/** Splits a RECORDS field into batches; throws on a truncated or malformed one. */
export function splitBatches(records: Buffer): Buffer[] {
  const batches: Buffer[] = [];
  let position = 0;
  while (position < records.length) {
    if (records.length - position < BATCH_HEADER_SIZE) throw new Error('truncated record batch header');
    const size = records.readInt32BE(position + BATCH_LENGTH) + 12;
    if (size < BATCH_HEADER_SIZE || position + size > records.length) throw new Error('truncated record batch');
    batches.push(records.subarray(position, position + size));
    position += size;
  }
  return batches;
}

export function readBatchHeader(batch: Buffer): BatchHeader {
  return {
    baseOffset: Number(batch.readBigInt64BE(BASE_OFFSET)),
    size: batch.readInt32BE(BATCH_LENGTH) + 12,
    magic: batch.readInt8(MAGIC),
    lastOffsetDelta: batch.readInt32BE(LAST_OFFSET_DELTA),
    recordCount: batch.readInt32BE(RECORDS_COUNT),
    maxTimestamp: Number(batch.readBigInt64BE(MAX_TIMESTAMP)),
    compression: batch.readInt16BE(ATTRIBUTES) & 0x07,
    crcValid: crc32c(batch.subarray(ATTRIBUTES)) === batch.readUInt32BE(CRC),
  };
}

/** A copy of the batch with the broker-assigned base offset and leader epoch. */
export function placeBatch(batch: Buffer, baseOffset: number, leaderEpoch: number): Buffer {
  const placed = Buffer.from(batch);
  placed.writeBigInt64BE(BigInt(baseOffset), BASE_OFFSET);
  placed.writeInt32BE(leaderEpoch, LEADER_EPOCH);
  return placed;
}

export interface StoredRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

/**
 * The records of an uncompressed batch, for tests that inspect what the cluster holds. Record layout:
 * protocol guide, "Record" (length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
 * key, value, headers; lengths as zig-zag varints, -1 = null).
 */
export function decodeRecords(batch: Buffer): StoredRecord[] {
  const header = readBatchHeader(batch);
  if (header.compression !== 0) throw new Error('decodeRecords reads uncompressed batches only');
  const baseTimestamp = Number(batch.readBigInt64BE(27));
  const reader = new ByteReader(batch.subarray(BATCH_HEADER_SIZE));
  const records: StoredRecord[] = [];
  for (let i = 0; i < header.recordCount; i += 1) {
    const length = reader.varint();
    const end = reader.offset + length;
    reader.int8();
    const timestampDelta = reader.varint();
    const offsetDelta = reader.varint();
    const key = varBytes(reader);
    const value = varBytes(reader);
    const headerCount = reader.varint();
    const headers: StoredRecord['headers'] = [];
    for (let h = 0; h < headerCount; h += 1) {
      const headerKey = varBytes(reader);
      headers.push({ key: headerKey?.toString('utf8') ?? '', value: varBytes(reader) });
    }
    reader.offset = end;
    records.push({ offset: header.baseOffset + offsetDelta, timestamp: baseTimestamp + timestampDelta, key, value, headers });
  }
  return records;
}

function varBytes(reader: ByteReader): Buffer | null {
  const length = reader.varint();
  return length < 0 ? null : Buffer.from(reader.raw(length));
}

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as the record batch format requires.
const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i += 1) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
