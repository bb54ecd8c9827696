// The build rewrites kafkajs's grouping of a send's messages by partition (scripts/dependency-patches.ts).
// The producer's correctness rests on it: the patched function must give the same partitions, the same
// messages in the same order, and call the partitioner the same way as the original, on any input.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { linearGroupingInKafkajs } from '../../scripts/dependency-patches.js';

const require = createRequire(import.meta.url);
const file = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
type Message = { key: string; value: string };
type Partitioner = (args: { topic: string; partitionMetadata: unknown[]; message: Message }) => number;
type Group = (args: { topic: string; partitionMetadata: unknown[]; messages: Message[]; partitioner: Partitioner }) => Record<string, Message[]>;

const original = require(file) as Group;

function patchedSource(source: string): string {
  const { handler } = linearGroupingInKafkajs.transform as { handler: (code: string, id: string) => { code: string } };
  return handler.call({}, source, file).code;
}

function load(source: string): Group {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return module.exports as Group;
}

/** A deterministic stream of partitions: the grouping must not depend on which ones come. */
function partitionerFrom(seed: number, partitions: number): { partitioner: Partitioner; calls: Message[] } {
  let state = seed;
  const calls: Message[] = [];
  const partitioner: Partitioner = ({ message }) => {
    calls.push(message);
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % partitions;
  };
  return { partitioner, calls };
}

describe('the build’s patch of kafkajs groupMessagesPerPartition', () => {
  const patched = load(patchedSource(readFileSync(file, 'utf8')));

  it('groups exactly as kafkajs does, calling the partitioner once per message in order', () => {
    for (const [count, partitions, seed] of [[0, 3, 1], [1, 1, 2], [7, 3, 3], [600, 3, 4], [1000, 12, 5], [50, 1, 6]] as const) {
      const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId }));
      const before = partitionerFrom(seed, partitions);
      const after = partitionerFrom(seed, partitions);
      const expected = original({ topic: 't', partitionMetadata, messages, partitioner: before.partitioner });
      const actual = patched({ topic: 't', partitionMetadata, messages, partitioner: after.partitioner });
      expect(actual).toEqual(expected);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      expect(after.calls).toEqual(before.calls);
    }
  });

  it('returns no groups, and asks the partitioner nothing, when the topic has no partition metadata', () => {
    const { partitioner, calls } = partitionerFrom(1, 3);
    expect(patched({ topic: 't', partitionMetadata: [], messages: [{ key: 'k', value: 'v' }], partitioner })).toEqual({});
    expect(calls).toEqual([]);
  });

  it('refuses, failing the build, a kafkajs whose grouping no longer reads as the patch expects', () => {
    expect(() => patchedSource('module.exports = () => ({})')).toThrow(/no longer groups messages/);
  });
});
