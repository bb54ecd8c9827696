// What smoke-test accepts on its command line, and how it explains brokers it cannot use: pure functions.
import { InvalidArgumentError } from '../../src/commander.js';
import { describe, expect, it } from 'vitest';
import { collectResolve, countUpTo, nameOf, parseDuration } from '../../src/commands/parsers.js';
import { kafkaTopicName } from '../../src/kafka/topic-name.js';
import { parseBootstrapServers } from '../../src/kafka/bootstrap.js';
import { parseResolveSpec } from '../../src/kafka/resolve-spec.js';
import { advertisingProblem, type BrokerDiagnosis } from '../../src/kafka/metadata.js';

describe('smoke-test flag values', () => {
  it('--timeout takes ms, s or m, and a plain number means seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1500ms')).toBe(1_500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('0.5s')).toBe(500);
    expect(parseDuration('45')).toBe(45_000);
    for (const bad of ['', 'soon', '0s', '-1s', '10h', '1e3']) expect(() => parseDuration(bad)).toThrow(InvalidArgumentError);
  });

  it('--messages and --partitions are whole numbers from 1', () => {
    const parseCount = countUpTo(1_000_000, 'a reason');
    expect(parseCount('100000')).toBe(100_000);
    for (const bad of ['0', '-3', '2.5', 'ten']) expect(() => parseCount(bad)).toThrow(InvalidArgumentError);
  });

  it("--topic follows Kafka's own check (Topic.validate): [a-zA-Z0-9._-], 1-249 characters, not . or ..", () => {
    const parseTopic = nameOf(kafkaTopicName);
    for (const ok of ['kafka-aks-smoke', 'a', '...', '_', 'A.b_c-9', 't'.repeat(249)]) expect(parseTopic(ok)).toBe(ok);
    for (const bad of ['', '.', '..', 'a/b', 't'.repeat(250), 'tópico', 'a b', 'a:b', 'a\n']) {
      expect(() => parseTopic(bad), bad).toThrow(new InvalidArgumentError(kafkaTopicName.says));
    }
  });

  it('--resolve NAME:IP, repeatable, names compared without case, IPv6 allowed', () => {
    const first = collectResolve('WN0-Kafka.abc.cx.internal.cloudapp.net:10.0.0.12', undefined);
    const both = collectResolve('wn1-kafka.abc.cx.internal.cloudapp.net:fd00::13', first);
    expect([...both.entries()]).toEqual([
      ['wn0-kafka.abc.cx.internal.cloudapp.net', '10.0.0.12'],
      ['wn1-kafka.abc.cx.internal.cloudapp.net', 'fd00::13'],
    ]);
    expect(parseResolveSpec('host:[::1]')).toEqual({ name: 'host', address: '::1' });
    for (const bad of ['nocolon', ':10.0.0.1', 'host:not-an-ip', 'host:']) expect(parseResolveSpec(bad)).toBeUndefined();
  });

  it('--bootstrap-server is host:port,host:port, IPv6 in brackets', () => {
    expect(parseBootstrapServers('10.0.0.12:9092, 10.0.0.13:9092')).toEqual({
      servers: [
        { host: '10.0.0.12', port: 9092 },
        { host: '10.0.0.13', port: 9092 },
      ],
    });
    expect(parseBootstrapServers('[fd00::1]:9093')).toEqual({ servers: [{ host: 'fd00::1', port: 9093 }] });
    expect(parseBootstrapServers('10.0.0.12')).toEqual({ invalid: '10.0.0.12' });
    expect(parseBootstrapServers('a:1,b:99999')).toEqual({ invalid: 'b:99999' });
    expect(parseBootstrapServers(' , ')).toEqual({ invalid: ' , ' });
  });
});

function broker(id: number, host: string, overrides: Partial<BrokerDiagnosis> = {}): BrokerDiagnosis {
  return {
    id,
    host,
    port: 9092,
    controller: false,
    ipLiteral: /^\d/.test(host),
    resolution: { ok: true, address: host, via: 'ip-literal' },
    tcp: { ok: true, ms: 1 },
    ...overrides,
  };
}

const enotfound = (host: string) => ({ ok: false as const, error: `getaddrinfo ENOTFOUND ${host}`, code: 'ENOTFOUND' });

describe('why clients here cannot use what the brokers advertise', () => {
  it('is nothing when every broker resolves and accepts a connection', () => {
    expect(advertisingProblem([broker(1001, '10.0.0.12'), broker(1002, '10.0.0.13')], 'mykafka')).toBeUndefined();
  });

  it('names the first unresolvable broker and name, the others, and the configure-advertising fix (exit 4)', () => {
    const fqdn = (n: number) => `wn${n}-kafka.abc123.cx.internal.cloudapp.net`;
    const problem = advertisingProblem(
      [
        broker(1001, fqdn(0), { resolution: enotfound(fqdn(0)), tcp: undefined }),
        broker(1002, '10.0.0.13'),
        broker(1003, fqdn(2), { resolution: enotfound(fqdn(2)), tcp: undefined }),
      ],
      'mykafka',
    );
    expect(problem?.exitCode).toBe(4);
    expect(problem?.message).toBe(
      `Broker 1001 advertises ${fqdn(0)}:9092, a name that does not resolve from here (getaddrinfo ENOTFOUND ${fqdn(0)}); ` +
        `so do brokers 1003 (${fqdn(2)}). Kafka on HDInsight advertises its workers' internal FQDNs by default, which ` +
        'clients in a peered VNet cannot resolve: they would bootstrap, then fail on every produce and fetch.',
    );
    expect(problem?.hint).toMatch(/^Run `kafka-aks configure-advertising --cluster mykafka`/);
    expect(problem?.details).toEqual({ brokers: [{ id: 1001, host: fqdn(0), port: 9092 }, { id: 1003, host: fqdn(2), port: 9092 }] });
  });

  it('without --cluster, the hint names the flag for the user to fill in', () => {
    const host = 'wn0-kafka.x.cx.internal.cloudapp.net';
    const problem = advertisingProblem([broker(1, host, { resolution: enotfound(host), tcp: undefined })], undefined);
    expect(problem?.hint).toContain('kafka-aks configure-advertising --cluster <name>');
  });

  it('a broker that resolves but refuses connections is a failed check too, with the port in the hint', () => {
    const problem = advertisingProblem(
      [broker(1002, '10.0.0.13', { tcp: { ok: false, error: 'connect ECONNREFUSED 10.0.0.13:9092', code: 'ECONNREFUSED' } })],
      'mykafka',
    );
    expect(problem?.exitCode).toBe(4);
    expect(problem?.message).toBe(
      'Broker 1002 advertises 10.0.0.13:9092, which does not accept a TCP connection from here (connect ECONNREFUSED 10.0.0.13:9092).',
    );
    expect(problem?.hint).toContain('port 9092');
  });
});
