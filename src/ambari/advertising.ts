// The heart of the runbook, as a pure function of the current configs: make every broker advertise
// its private IP, because broker names do not resolve across peered VNets (MicrosoftDocs/azure-docs
// articles/hdinsight/kafka/apache-kafka-azure-container-services.md).
//
// - kafka-env `content` (a Jinja template rendered to kafka-env.sh, sourced just before Kafka starts)
//   gets the documented snippet, fenced by marker lines so it is found, replaced when the port or
//   protocol changes, and never appended twice. It must contain no `{{`, `{%` or `{#`.
// - kafka-broker `listeners` binds every listener to 0.0.0.0, keeping each listener's protocol (or
//   name) and port: ESP clusters listen on SASL_PLAINTEXT, and the documented PLAINTEXT snippet stops
//   them from starting (MicrosoftDocs/azure-docs#75519).
// Both are written together: Kafka refuses to start with listeners on 0.0.0.0 and no advertised address.
import { usageError } from '../errors.js';
import type { AmbariConfig, ConfigToWrite } from './configs.js';

export const BLOCK_BEGIN = '# >>> kafka-aks: advertise broker IP addresses (managed by kafka-aks; do not edit) >>>';
export const BLOCK_END = '# <<< kafka-aks <<<';
/** The path HDInsight's brokers read (and the one the documented snippet edits). */
export const SERVER_PROPERTIES = '/usr/hdp/current/kafka-broker/conf/server.properties';

export interface Listener {
  /** The protocol or listener name: PLAINTEXT, SASL_PLAINTEXT, SSL, or a custom name. */
  name: string;
  host: string;
  port: number;
}

export interface AdvertisingPlan {
  listenersBefore: string;
  listenersAfter: string;
  listeners: Listener[];
  /** The advertised.listeners the snippet writes, with $IP_ADDRESS standing for each broker's IP. */
  advertisedTemplate: string;
  linesAdded: string[];
  linesRemoved: string[];
  /** The types that change, complete (Ambari replaces whole maps). Empty when nothing changes. */
  changes: ConfigToWrite[];
  /** Things the operator should know, e.g. a hand-made copy of the documented snippet. */
  warnings: string[];
}

export function parseListeners(value: string): Listener[] {
  const listeners = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:/]*):(\d+)$/.exec(part);
      if (!match) {
        throw usageError(`kafka-broker listeners "${value}" is not a list of PROTOCOL://host:port.`, {
          hint: 'Fix listeners in Ambari (Kafka > Configs > Kafka Broker), then run configure-advertising again.',
        });
      }
      return { name: match[1]!, host: match[2]!, port: Number(match[3]) };
    });
  if (listeners.length === 0) {
    throw usageError('kafka-broker has no listeners.', { hint: 'Set listeners in Ambari, e.g. PLAINTEXT://localhost:9092.' });
  }
  return listeners;
}

/** The listener clients use: the first of kafka-broker `listeners` (e.g. PLAINTEXT://localhost:9092). */
export function firstListener(listeners: string | undefined): Listener {
  return parseListeners(listeners ?? '')[0]!;
}

/** The port clients use: the first listener's. */
export function listenerPort(listeners: string | undefined): number {
  return firstListener(listeners).port;
}

function advertisedListenersFor(listeners: Listener[], ip: string): string {
  return listeners.map((listener) => `${listener.name}://${ip}:${listener.port}`).join(',');
}

function snippetLines(advertisedTemplate: string): string[] {
  return [
    BLOCK_BEGIN,
    '# Configure Kafka to advertise IP addresses instead of FQDN: names do not resolve across peered VNets.',
    "IP_ADDRESS=$(hostname -i | cut -d' ' -f1)",
    'echo advertised.listeners=$IP_ADDRESS',
    `sed -i.bak -e '/advertised/{/advertised@/!d;}' ${SERVER_PROPERTIES}`,
    `echo "advertised.listeners=${advertisedTemplate}" >> ${SERVER_PROPERTIES}`,
    BLOCK_END,
  ];
}

export function planAdvertising(kafkaEnv: AmbariConfig, kafkaBroker: AmbariConfig, port?: number): AdvertisingPlan {
  const listenersBefore = kafkaBroker.properties.listeners ?? '';
  const current = parseListeners(listenersBefore);
  if (port !== undefined && current.length > 1) {
    throw usageError(`--port cannot be used with several listeners (${listenersBefore}).`, {
      hint: 'Run without --port: each listener keeps its own port.',
    });
  }
  const listeners = current.map((listener) => ({ ...listener, host: '0.0.0.0', port: port ?? listener.port }));
  const listenersAfter = listeners.map((l) => `${l.name}://${l.host}:${l.port}`).join(',');
  const advertisedTemplate = advertisedListenersFor(listeners, '$IP_ADDRESS');
  const block = snippetLines(advertisedTemplate);
  assertJinjaSafe(block);

  const contentBefore = kafkaEnv.properties.content ?? '';
  const { contentAfter, linesRemoved } = withBlock(contentBefore, block);
  const changes: ConfigToWrite[] = [];
  if (contentAfter !== contentBefore) {
    changes.push({ type: 'kafka-env', properties: { ...kafkaEnv.properties, content: contentAfter }, propertiesAttributes: kafkaEnv.propertiesAttributes });
  }
  if (listenersAfter !== listenersBefore) {
    changes.push({ type: 'kafka-broker', properties: { ...kafkaBroker.properties, listeners: listenersAfter }, propertiesAttributes: kafkaBroker.propertiesAttributes });
  }
  const warnings: string[] = [];
  if (/advertised\.listeners=/.test(removeBlock(contentBefore).base)) {
    warnings.push(
      'kafka-env already holds a hand-made advertised.listeners snippet; the kafka-aks block runs after it and wins. Remove the old lines in Ambari when convenient.',
    );
  }
  return {
    listenersBefore,
    listenersAfter,
    listeners,
    advertisedTemplate,
    linesAdded: contentAfter === contentBefore ? [] : block,
    linesRemoved: contentAfter === contentBefore ? [] : linesRemoved,
    changes,
    warnings,
  };
}

/** The content with our block in place: replaced where it was, or appended after one blank line. */
function withBlock(content: string, block: string[]): { contentAfter: string; linesRemoved: string[] } {
  const found = removeBlock(content);
  if (found.removed.length === 0) {
    return { contentAfter: `${content.replace(/\s+$/, '')}\n\n${block.join('\n')}\n`, linesRemoved: [] };
  }
  const lines = [...found.kept.slice(0, found.at), ...block, ...found.kept.slice(found.at)];
  return { contentAfter: lines.join('\n'), linesRemoved: found.removed };
}

/** The block with a marker where the listeners go: what every kafka-aks block is made of. */
const BLOCK_TEMPLATE = snippetLines('\u0000');
const [LISTENERS_LINE_START, LISTENERS_LINE_END] = BLOCK_TEMPLATE.find((l) => l.includes('\u0000'))!.split('\u0000') as [string, string];

/** A line of a kafka-aks block, whatever port and protocol it was written for (snippetLines). */
function isBlockLine(line: string): boolean {
  return BLOCK_TEMPLATE.includes(line) || (line.startsWith(LISTENERS_LINE_START) && line.endsWith(LISTENERS_LINE_END));
}

/**
 * kafka-env's lines without kafka-aks's blocks, and the line where the first one was. A block runs from
 * its begin marker to its end marker; one cut short by a hand edit (no end marker) runs over the
 * block's own lines that follow the marker, so the next run replaces it instead of appending a second
 * block. Every block is removed, each later one with the blank line before it: a content that a damaged
 * block once made hold two converges to one.
 */
function removeBlock(content: string): { kept: string[]; removed: string[]; at: number; base: string } {
  const lines = content.split('\n');
  const kept: string[] = [];
  const removed: string[] = [];
  let at = -1;
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i] !== BLOCK_BEGIN) {
      kept.push(lines[i]!);
      continue;
    }
    let last = i;
    while (lines[last] !== BLOCK_END && last + 1 < lines.length && lines[last + 1] !== BLOCK_BEGIN && isBlockLine(lines[last + 1]!)) last += 1;
    if (at < 0) at = kept.length;
    else if (kept.length > at && kept.at(-1) === '') kept.pop();
    removed.push(...lines.slice(i, last + 1));
    i = last;
  }
  return { kept, removed, at, base: kept.join('\n') };
}

/** kafka-env's content is a Jinja template: anything Jinja would parse breaks every broker's start. */
function assertJinjaSafe(lines: string[]): void {
  const bad = lines.find((line) => /\{\{|\{%|\{#/.test(line));
  if (bad) throw new Error(`kafka-aks bug: the kafka-env snippet contains Jinja syntax: ${bad}`);
}

/**
 * What a broker advertises once it restarts with these configs: the kafka-aks block's listeners with
 * the broker's IP, or else Kafka's default - its listeners, with Ambari's `localhost` → FQDN rewrite.
 */
export function advertisedAfterStart(kafkaEnvContent: string, listeners: string, host: string, ip: string): string {
  const block = removeBlock(kafkaEnvContent).removed.join('\n');
  const echoed = /advertised\.listeners=([^"]+)" >>/.exec(block)?.[1];
  if (echoed) return echoed.split('$IP_ADDRESS').join(ip);
  return listeners.replace(/localhost/g, host);
}
