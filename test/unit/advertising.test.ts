// The advertising change as a pure function: what an operator would check by reading the diff.
import { describe, expect, it } from 'vitest';
import { BLOCK_BEGIN, BLOCK_END, advertisedAfterStart, planAdvertising } from '../../src/ambari/advertising.js';
import type { AmbariConfig } from '../../src/ambari/configs.js';
import { stockKafkaEnvContent } from '../sim/ambari/stock-configs.js';

function config(type: string, properties: Record<string, string>, attributes?: AmbariConfig['propertiesAttributes']): AmbariConfig {
  return { type, tag: 'INITIAL', version: 1, properties, propertiesAttributes: attributes };
}

const env = (content = stockKafkaEnvContent) => config('kafka-env', { content, kafka_user: 'kafka' });
const broker = (listeners: string) => config('kafka-broker', { listeners, 'log.dirs': '/d1' }, { final: { 'log.dirs': 'true' } });

/** Apply a plan's changes to the configs, as Ambari would store them. */
function applied(plan: ReturnType<typeof planAdvertising>, kafkaEnv: AmbariConfig, kafkaBroker: AmbariConfig) {
  const byType = Object.fromEntries(plan.changes.map((c) => [c.type, c]));
  return {
    kafkaEnv: byType['kafka-env'] ? { ...kafkaEnv, properties: byType['kafka-env'].properties } : kafkaEnv,
    kafkaBroker: byType['kafka-broker'] ? { ...kafkaBroker, properties: byType['kafka-broker'].properties } : kafkaBroker,
  };
}

describe('planAdvertising', () => {
  it('binds listeners to 0.0.0.0 and appends the fenced snippet, keeping everything else', () => {
    const plan = planAdvertising(env(), broker('PLAINTEXT://localhost:9092'));
    expect(plan.listenersAfter).toBe('PLAINTEXT://0.0.0.0:9092');
    expect(plan.advertisedTemplate).toBe('PLAINTEXT://$IP_ADDRESS:9092');
    const [envChange, brokerChange] = plan.changes;
    expect(envChange!.properties.kafka_user).toBe('kafka');
    expect(envChange!.properties.content!.startsWith(stockKafkaEnvContent.trimEnd())).toBe(true);
    expect(brokerChange!.properties).toEqual({ listeners: 'PLAINTEXT://0.0.0.0:9092', 'log.dirs': '/d1' });
    expect(brokerChange!.propertiesAttributes).toEqual({ final: { 'log.dirs': 'true' } });
  });

  it('is idempotent: the configs it produces need no further change', () => {
    const first = planAdvertising(env(), broker('PLAINTEXT://localhost:9092'));
    const after = applied(first, env(), broker('PLAINTEXT://localhost:9092'));
    const second = planAdvertising(after.kafkaEnv, after.kafkaBroker);
    expect(second.changes).toEqual([]);
    expect(second.linesAdded).toEqual([]);
  });

  it('replaces the block when the port changes, never appending a second one', () => {
    const first = applied(planAdvertising(env(), broker('PLAINTEXT://localhost:9092')), env(), broker('PLAINTEXT://localhost:9092'));
    const plan = planAdvertising(first.kafkaEnv, first.kafkaBroker, 9093);
    const content = plan.changes.find((c) => c.type === 'kafka-env')!.properties.content!;
    expect(content.split(BLOCK_BEGIN)).toHaveLength(2);
    expect(content).toContain('advertised.listeners=PLAINTEXT://$IP_ADDRESS:9093');
    expect(plan.linesRemoved).toContain('echo "advertised.listeners=PLAINTEXT://$IP_ADDRESS:9092" >> /usr/hdp/current/kafka-broker/conf/server.properties');
  });

  it('a block cut short by a hand edit (no end marker) is replaced in place, not appended to; its own lines go, the rest stays', () => {
    const good = applied(planAdvertising(env(), broker('PLAINTEXT://localhost:9092')), env(), broker('PLAINTEXT://localhost:9092'));
    const whole = good.kafkaEnv.properties.content!;
    const cut = whole.split('\n').filter((line) => line !== BLOCK_END && !line.startsWith('echo "advertised')).join('\n') + '\nexport AFTER=1\n';
    const plan = planAdvertising({ ...good.kafkaEnv, properties: { ...good.kafkaEnv.properties, content: cut } }, good.kafkaBroker);
    const content = plan.changes.find((c) => c.type === 'kafka-env')!.properties.content!;
    expect(content.split(BLOCK_BEGIN)).toHaveLength(2);
    expect(content).toBe(`${whole}\nexport AFTER=1\n`);
    expect(plan.warnings).toEqual([]);
    // Applied, it needs nothing more.
    const after = planAdvertising({ ...good.kafkaEnv, properties: { ...good.kafkaEnv.properties, content } }, good.kafkaBroker);
    expect(after.changes).toEqual([]);
  });

  it('two blocks (what a cut-short block once led to) become one, where the first was', () => {
    const good = applied(planAdvertising(env(), broker('PLAINTEXT://localhost:9092')), env(), broker('PLAINTEXT://localhost:9092'));
    const whole = good.kafkaEnv.properties.content!;
    const block = whole.slice(whole.indexOf(BLOCK_BEGIN)).replace(/\n$/, '');
    const doubled = `${whole.replace(/\n$/, '')}\nexport BETWEEN=1\n\n${block}\n`;
    const plan = planAdvertising({ ...good.kafkaEnv, properties: { ...good.kafkaEnv.properties, content: doubled } }, good.kafkaBroker);
    const content = plan.changes.find((c) => c.type === 'kafka-env')!.properties.content!;
    expect(content).toBe(`${whole.replace(/\n$/, '')}\nexport BETWEEN=1\n`);
  });

  it('keeps the protocol of every listener (ESP clusters, several listeners)', () => {
    const esp = planAdvertising(env(), broker('SASL_PLAINTEXT://localhost:9092'));
    expect(esp.advertisedTemplate).toBe('SASL_PLAINTEXT://$IP_ADDRESS:9092');
    const two = planAdvertising(env(), broker('PLAINTEXT://localhost:9092,SSL://localhost:9093'));
    expect(two.listenersAfter).toBe('PLAINTEXT://0.0.0.0:9092,SSL://0.0.0.0:9093');
    expect(two.advertisedTemplate).toBe('PLAINTEXT://$IP_ADDRESS:9092,SSL://$IP_ADDRESS:9093');
    expect(() => planAdvertising(env(), broker('PLAINTEXT://localhost:9092,SSL://localhost:9093'), 9094)).toThrowError(/--port cannot be used with several listeners/);
  });

  it('never puts Jinja syntax into the template', () => {
    const plan = planAdvertising(env(), broker('PLAINTEXT://localhost:9092'));
    for (const line of plan.linesAdded) expect(line).not.toMatch(/\{\{|\{%|\{#/);
  });

  it('refuses listeners it cannot parse, with a hint', () => {
    expect(() => planAdvertising(env(), broker('localhost:9092'))).toThrowError(/is not a list of PROTOCOL:\/\/host:port/);
  });

  it('warns about a hand-made copy of the documented snippet', () => {
    const handMade = `${stockKafkaEnvContent}\necho "advertised.listeners=PLAINTEXT://$IP_ADDRESS:9092" >> /usr/hdp/current/kafka-broker/conf/server.properties\n`;
    expect(planAdvertising(env(handMade), broker('PLAINTEXT://localhost:9092')).warnings[0]).toMatch(/hand-made/);
  });

  it('tells what a broker advertises after a restart, with or without the block', () => {
    const after = applied(planAdvertising(env(), broker('PLAINTEXT://localhost:9092')), env(), broker('PLAINTEXT://localhost:9092'));
    expect(advertisedAfterStart(after.kafkaEnv.properties.content!, 'PLAINTEXT://0.0.0.0:9092', 'wn0', '10.0.0.12')).toBe('PLAINTEXT://10.0.0.12:9092');
    expect(advertisedAfterStart(stockKafkaEnvContent, 'PLAINTEXT://localhost:9092', 'wn0.x', '10.0.0.12')).toBe('PLAINTEXT://wn0.x:9092');
  });
});
