// A bare Kafka protocol client for testing the simulator's own rules (which broker answers what, and
// with which error), where kafkajs would hide them behind its retries. Request header v1, response
// header v0: https://kafka.apache.org/protocol#protocol_messages; for a flexible version (KIP-482)
// request header v2 and response header v1, except ApiVersions' response header, which stays v0.
import net from 'node:net';
import { ApiKey } from './protocol/api-keys.js';
import { ByteReader } from './protocol/reader.js';
import { ByteWriter } from './protocol/writer.js';
import { crc32c } from './record-batch.js';

export class RawClient {
  private buffer = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer | Error) => void)[] = [];
  private correlationId = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4 && this.buffer.length >= 4 + this.buffer.readInt32BE(0)) {
        const size = this.buffer.readInt32BE(0);
        const frame = this.buffer.subarray(4, 4 + size);
        this.buffer = this.buffer.subarray(4 + size);
        this.waiting.shift()?.(frame);
      }
    });
    socket.on('close', () => {
      for (const waiter of this.waiting.splice(0)) waiter(new Error('connection closed by the broker'));
    });
  }

  static connect(address: string): Promise<RawClient> {
    const [host, port] = address.split(':');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port: Number(port) }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /**
   * Sends one request and resolves with the response body (after the response header), a reader set
   * for `flexible` when the version is one: the caller says so, as a client knows from the schema.
   */
  request(apiKey: number, version: number, body: ByteWriter, { flexible = false } = {}): Promise<ByteReader> {
    const correlationId = (this.correlationId += 1);
    const header = new ByteWriter(flexible).int16(apiKey).int16(version).int32(correlationId);
    // The client id keeps its int16 length in header v2 too (RequestHeader.json: "flexibleVersions": "none").
    header.raw(new ByteWriter().nullableString('raw-test').toBuffer()).taggedFields();
    const payload = Buffer.concat([header.toBuffer(), body.toBuffer()]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    this.socket.write(Buffer.concat([size, payload]));
    return new Promise((resolve, reject) => {
      this.waiting.push((frame) => {
        if (frame instanceof Error) return reject(frame);
        const reader = new ByteReader(frame);
        if (reader.int32() !== correlationId) return reject(new Error('responses out of order'));
        if (flexible && apiKey !== ApiKey.ApiVersions) reader.skipTaggedFields();
        reader.flexible = flexible;
        resolve(reader);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A record batch (magic 2, uncompressed) of `values`, with a valid CRC-32C unless told otherwise. */
export function recordBatch(values: string[], { badCrc = false } = {}): Buffer {
  const records = values.map((value, i) => {
    const body = new ByteWriter();
    body.int8(0);
    writeVarint(body, 0);
    writeVarint(body, i);
    writeVarint(body, -1);
    writeVarint(body, Buffer.byteLength(value));
    body.raw(Buffer.from(value));
    writeVarint(body, 0);
    const framed = new ByteWriter();
    writeVarint(framed, body.toBuffer().length);
    return Buffer.concat([framed.toBuffer(), body.toBuffer()]);
  });
  const now = Date.now();
  const afterCrc = new ByteWriter()
    .int16(0)
    .int32(values.length - 1)
    .int64(now)
    .int64(now)
    .int64(-1)
    .int16(-1)
    .int32(-1)
    .int32(values.length)
    .raw(Buffer.concat(records))
    .toBuffer();
  const crc = (crc32c(afterCrc) ^ (badCrc ? 1 : 0)) >>> 0;
  const head = new ByteWriter().int64(0).int32(afterCrc.length + 9).int32(-1).int8(2).toBuffer();
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32BE(crc);
  return Buffer.concat([head, crcBytes, afterCrc]);
}

function writeVarint(writer: ByteWriter, value: number): void {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  do {
    let byte = zigzag & 0x7f;
    zigzag = Math.floor(zigzag / 128);
    if (zigzag > 0) byte |= 0x80;
    writer.raw(Buffer.from([byte]));
  } while (zigzag > 0);
}
