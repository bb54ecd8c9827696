// One simulated broker: a TCP listener speaking Kafka's framing (int32 size, then the request) on its
// own loopback address. Request header v1 (api_key, api_version, correlation_id, client_id), and v2
// (v1 then a tagged field section) for a flexible version; response header v0 (correlation_id), and
// v1 (v0 then a tagged field section) for a flexible version, except ApiVersions, whose response header
// stays v0 so that a client can read an answer to a version the broker does not know
// (https://kafka.apache.org/protocol#protocol_messages; apache/kafka RequestHeader.json,
// ResponseHeader.json, ApiVersionsResponse.json; ApiMessageType.responseHeaderVersion). Like a real broker
// it handles one request per connection at a time and answers in order (Kafka mutes a channel while
// a request is in flight), so a long-polling Fetch holds back the requests behind it.
import net from 'node:net';
import { handlers } from './apis/index.js';
import { unsupportedApiVersionsResponse } from './apis/api-versions.js';
import type { ClusterState } from './cluster-state.js';
import type { GroupCoordinator } from './groups/group-coordinator.js';
import type { FaultKnobs, RequestEvent } from './knobs.js';
import { ApiKey, apiName, isFlexible, supportedVersions } from './protocol/api-keys.js';
import { ByteReader } from './protocol/reader.js';
import { ByteWriter } from './protocol/writer.js';
import type { RequestContext } from './request-context.js';

export interface BrokerServerOptions {
  id: number;
  cluster: ClusterState;
  groups: GroupCoordinator;
  knobs: FaultKnobs;
  /** Where a protocol error is told (a request the simulator cannot parse is a bug worth seeing). */
  log: (line: string) => void;
  /** A connection arrived while knobs.pathTo says the path is closed: the listeners lag behind the gate. */
  pathClosed: () => void;
}

export class BrokerServer {
  private server: net.Server | undefined;
  private address = { host: '', port: 0 };
  /** Served connections, and connections through a closed path (sockets, never served). */
  private readonly connections = new Set<{ destroy(): void }>();

  constructor(private readonly options: BrokerServerOptions) {}

  get id(): number {
    return this.options.id;
  }

  /** Listens on host:port (port 0: any free one); resolves with the port. */
  listen(host: string, port: number): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        this.address = { host, port: (server.address() as net.AddressInfo).port };
        resolve(this.address.port);
      });
    });
  }

  /**
   * Stops listening, leaving the connections already open as they are: the path to the broker closed,
   * the broker itself runs on. (Closing the listener frees the address at once; its callback would wait
   * for those connections.)
   */
  stopListening(): void {
    this.server?.close();
    this.server = undefined;
  }

  /** Stops listening and cuts every connection, as a killed broker process does. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts every open connection but keeps listening: clients reconnect. Returns how many were cut. */
  dropConnections(): number {
    const count = this.connections.size;
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    return count;
  }

  private accept(socket: net.Socket): void {
    if (!this.options.knobs.pathTo(this.address.host, this.address.port).open) {
      // Too late to drop the SYN (the kernel completed the handshake): nothing this client sends
      // reaches the broker, and nothing comes back, so its first request times out. What it sends is
      // read and dropped, so that the socket goes when the client gives up.
      socket.on('error', () => {});
      socket.on('data', () => {});
      socket.on('end', () => socket.destroy());
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
      this.options.pathClosed();
      return;
    }
    socket.setNoDelay(true);
    const connection = new Connection(socket, this.options, () => this.connections.delete(connection));
    this.connections.add(connection);
  }
}

class Connection {
  private pending: Buffer = Buffer.alloc(0);
  private readonly queue: Buffer[] = [];
  private busy = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly socket: net.Socket,
    private readonly options: BrokerServerOptions,
    onClose: () => void,
  ) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.abort.abort();
      onClose();
    });
  }

  destroy(): void {
    this.abort.abort();
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const size = this.pending.readInt32BE(0);
      if (this.pending.length < 4 + size) break;
      this.queue.push(this.pending.subarray(4, 4 + size));
      this.pending = this.pending.subarray(4 + size);
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let request = this.queue.shift(); request; request = this.queue.shift()) {
        if (this.abort.signal.aborted) return;
        await this.handle(request);
      }
    } finally {
      this.busy = false;
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    const { options } = this;
    const reader = new ByteReader(frame);
    let event: RequestEvent | undefined;
    try {
      const apiKey = reader.int16();
      const version = reader.int16();
      const correlationId = reader.int32();
      const clientId = reader.nullableString();
      const api = apiName(apiKey);
      event = { brokerId: options.id, api, apiKey, version, clientId };
      options.knobs.requestArrived(event);
      if (options.knobs.takeDrop(event)) {
        this.destroy();
        return;
      }
      const range = api ? supportedVersions[api] : undefined;
      const flexible = api !== undefined && isFlexible(api, version);
      if (flexible) reader.skipTaggedFields();
      reader.flexible = flexible;
      let body: ByteWriter | null;
      if (apiKey === ApiKey.ApiVersions && range && version > range.max) {
        body = unsupportedApiVersionsResponse();
      } else if (!api || !range || version < range.min || version > range.max) {
        // Kafka closes the connection on a request it cannot parse (an API or version it does not know).
        options.log(`broker ${options.id}: unsupported API ${apiKey} v${version}; closing the connection`);
        this.destroy();
        return;
      } else {
        const context: RequestContext = {
          brokerId: options.id,
          version,
          flexible,
          clientId,
          clientHost: `/${this.socket.remoteAddress ?? ''}`,
          cluster: options.cluster,
          groups: options.groups,
          knobs: options.knobs,
          signal: this.abort.signal,
        };
        body = await handlers[api](context, reader);
      }
      const delay = options.knobs.delayFor(event);
      if (delay > 0) await abortableDelay(delay, this.abort.signal);
      if (body === null || this.abort.signal.aborted) return;
      const head = new ByteWriter(flexible && apiKey !== ApiKey.ApiVersions).int32(correlationId).taggedFields();
      const payload = Buffer.concat([head.toBuffer(), body.toBuffer()]);
      const size = Buffer.allocUnsafe(4);
      size.writeInt32BE(payload.length, 0);
      this.socket.write(Buffer.concat([size, payload]));
    } catch (error) {
      options.log(`broker ${options.id}: ${event?.api ?? 'request'} v${event?.version ?? '?'} failed: ${String(error)}; closing the connection`);
      this.destroy();
    }
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
