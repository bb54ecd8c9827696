// Flag values checked while parsing, so a bad value is a usage error (exit 2) before any network call.
// commander turns InvalidArgumentError into "error: option '--port <port>' argument 'x' is invalid. ...".
import type { NameRule } from '../azure/names.js';
import { InvalidArgumentError } from '../commander.js';
import { parseBootstrapServers, type ServerAddress } from '../kafka/bootstrap.js';
import { parseResolveSpec } from '../kafka/resolve-spec.js';

/**
 * Digits only: Number() also reads '0x10', '1e3', ' 7 ' and '' (as 0), which no operator means as a
 * port or a count.
 */
function wholeNumber(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : NaN;
}

export function parsePort(value: string): number {
  const port = wholeNumber(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('It must be a TCP port number (1-65535).');
  }
  return port;
}

/**
 * Node keeps a timer's delay in a signed 32-bit number of milliseconds: a longer one fires at once,
 * with a TimeoutOverflowWarning (nodejs.org/api/timers.html, setTimeout). Every duration flag stays
 * within it, in whole seconds: 2147483 s, about 24.8 days.
 */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const TOO_LONG = `It must be at most ${MAX_TIMER_SECONDS} seconds (about ${Math.floor(MAX_TIMER_SECONDS / 86_400)} days).`;

/** Seconds that a timer can hold: --ambari-timeout, --poll-interval, --health-timeout. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (Number.isNaN(seconds) || seconds <= 0) throw new InvalidArgumentError('It must be a positive number of seconds.');
  if (seconds > MAX_TIMER_SECONDS) throw new InvalidArgumentError(TOO_LONG);
  return seconds;
}

/** A pause that may be switched off with 0 (--rolling-pause). */
export function parseSecondsOrZero(value: string): number {
  const seconds = Number(value);
  if (value.trim() !== '' && seconds === 0) return 0;
  if (value.trim() === '' || Number.isNaN(seconds) || seconds < 0) throw new InvalidArgumentError('It must be 0 (no pause) or a positive number of seconds.');
  return parseSeconds(value);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** "30s", "1500ms", "2m", or a plain number of seconds -> milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 's']! : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new InvalidArgumentError('It must be a duration such as 30s, 1500ms or 2m (a plain number means seconds).');
  }
  if (ms > MAX_TIMER_SECONDS * 1000) throw new InvalidArgumentError(TOO_LONG);
  return ms;
}

/** A whole number from 1 to `max`; a refusal names the maximum and `why` it is there. */
export function countUpTo(max: number, why: string): (value: string) => number {
  return (value) => {
    const count = wholeNumber(value);
    if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('It must be a whole number, 1 or more.');
    if (count > max) throw new InvalidArgumentError(`It must be at most ${max} (${why}).`);
    return count;
  };
}

/** Repeatable `--resolve NAME:IP`: collects into a map of lower-case names to IPs. */
export function collectResolve(value: string, previous: Map<string, string> | undefined): Map<string, string> {
  const parsed = parseResolveSpec(value);
  if (!parsed) throw new InvalidArgumentError('It must be NAME:IP, e.g. wn0-kafka.abc.cx.internal.cloudapp.net:10.0.0.12.');
  return new Map(previous ?? []).set(parsed.name, parsed.address);
}

/**
 * A flag that names something kafka-aks puts into a path or a request (an Azure resource, a Kafka topic),
 * held to its owner's rule for it (src/azure/names.ts, src/kafka/topic-name.ts).
 */
export function nameOf(rule: NameRule): (value: string) => string {
  return (value) => {
    if (!rule.pattern.test(value)) throw new InvalidArgumentError(rule.says);
    return value;
  };
}

/** --bootstrap-server host:port,... (IPv6 as [addr]:port), checked while parsing: one address type from here on. */
export function parseBootstrapServerList(value: string): ServerAddress[] {
  const parsed = parseBootstrapServers(value);
  if ('invalid' in parsed) throw new InvalidArgumentError(`"${parsed.invalid}" is not host:port. Example: 10.0.0.12:9092,10.0.0.13:9092`);
  return parsed.servers;
}
