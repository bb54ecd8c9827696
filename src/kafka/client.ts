// The one place that loads kafkajs (lazily: `kafka-aks --help` never pays for it), so the client can be
// swapped (kafkajs is in maintenance mode: tulios/kafkajs#1603). kafkajs's own logging goes to the
// Progress interface as --verbose trace lines, never straight to the terminal; its last error is kept
// so a timeout can say what kafkajs was struggling with.
import net from 'node:net';
import type { Admin, Consumer, Kafka, LogEntry, Producer } from 'kafkajs';
import type { Progress } from '../context.js';
import { formatServer, type ServerAddress } from './bootstrap.js';
import { lookupWith, type HostOverrides } from './host-lookup.js';

export type { Admin, Consumer, Producer };

export interface KafkaConnectOptions {
  bootstrap: ServerAddress[];
  overrides: HostOverrides;
  /** Per-request timeout and the budget for kafkajs's retries. */
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  progress: Progress;
  /**
   * Send every request to this one server, whatever broker kafkajs means. For reading metadata only:
   * any broker answers Metadata for the whole cluster, and kafkajs otherwise connects to the advertised
   * hosts for it, which is exactly what may not resolve from here.
   */
  pinTo?: ServerAddress;
}

export interface KafkaSession {
  kafka: Kafka;
  /** The last error kafkajs logged (connection refused, NOT_LEADER_FOR_PARTITION, ...), if any. */
  lastError(): string | undefined;
  /**
   * Destroys every socket kafkajs still holds. After the clients' own disconnects: when a broker died
   * mid-run a disconnect can wait on it for good, and an open socket would keep the process alive.
   */
  destroy(): void;
}

export async function openKafka(options: KafkaConnectOptions): Promise<KafkaSession> {
  // kafkajs is CommonJS: its module.exports is the import's default, in Node and in the bundle alike (the
  // bundled chunk exports nothing else).
  const { Kafka: KafkaClient, logLevel } = (await import('kafkajs')).default;
  let lastError: string | undefined;
  const lookup = lookupWith(options.overrides);
  const sockets = new Set<net.Socket>();
  let closed = false;
  const kafka = new KafkaClient({
    clientId: 'kafka-aks',
    brokers: options.bootstrap.map(formatServer),
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    // Retries stay within the request timeout, so `--timeout` bounds a run whatever fails.
    retry: { initialRetryTime: 100, maxRetryTime: Math.max(500, options.requestTimeoutMs / 4), retries: 8 },
    socketFactory: ({ host, port, onConnect }) => {
      if (closed) {
        // A retry still running in kafkajs after the run ended: fail it at once, hold nothing open.
        const refused = new net.Socket();
        refused.unref();
        process.nextTick(() => refused.destroy(new Error('the smoke test has ended; connection not opened')));
        return refused;
      }
      const target = options.pinTo ?? { host, port };
      const socket = net.connect({ host: target.host, port: target.port, lookup }, onConnect);
      socket.setKeepAlive(true, 60_000);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      return socket;
    },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const detail = typeof entry.log.error === 'string' ? `: ${entry.log.error}` : '';
      const broker = typeof entry.log.broker === 'string' ? ` (${entry.log.broker})` : '';
      const line = `${entry.log.message}${detail}${broker}`;
      if (entry.level === logLevel.ERROR) lastError = line;
      options.progress.debug(`kafkajs ${entry.label} ${entry.namespace}: ${line}`);
    },
  });
  return {
    kafka,
    lastError: () => lastError,
    destroy: () => {
      closed = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}

/** One line for a kafkajs error: its message and the causes it wraps (retries, connection errors). */
export function describeKafkaError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    if (!parts.includes(current.message)) parts.push(current.message);
    const wrapped = current as Error & { originalError?: unknown; errors?: unknown };
    // KafkaJSAggregateError (createTopics) says only "Topic creation errors": name each one.
    if (Array.isArray(wrapped.errors)) {
      const inner = (wrapped.errors as unknown[]).filter((e): e is Error => e instanceof Error).map((e) => e.message);
      if (inner.length > 0) parts.push([...new Set(inner)].join('; '));
      break;
    }
    current = wrapped.originalError ?? current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}

/** The Kafka protocol error name kafkajs attached (`type`), e.g. INVALID_REPLICATION_FACTOR. */
export function kafkaErrorType(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!(current instanceof Error) || seen.has(current)) continue;
    seen.add(current);
    const typed = current as Error & { type?: unknown; errors?: unknown; originalError?: unknown };
    if (typeof typed.type === 'string') return typed.type;
    if (Array.isArray(typed.errors)) queue.push(...(typed.errors as unknown[]));
    queue.push(typed.originalError, typed.cause);
  }
  return undefined;
}
