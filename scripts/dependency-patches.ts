// Edits the build makes to two bundled dependencies, as rolldown transforms. Each replaces one exact
// piece of the dependency's source and fails the build when that piece is gone (an upgrade changed
// it), rather than ship without the edit unnoticed. test/unit/dependency-patches.test.ts checks that
// kafkajs's patched grouping behaves exactly as the original.
import type { Plugin } from 'rolldown';

/**
 * commander requires node:child_process at load, for executable subcommands (`git-style` separate
 * programs), which kafka-aks has none of; loading it (and net, dgram and the rest it pulls in) is about
 * 3 ms of every start (bench/cold-start). Here it is required when commander would first spawn, i.e.
 * never. The build fails if commander's line changes, rather than ship without the patch unnoticed.
 */
export const lazyChildProcessInCommander: Plugin = {
  name: 'lazy-child-process-in-commander',
  transform: {
    filter: { id: /[\\/]commander[\\/]lib[\\/]command\.js$/ },
    handler(source, id) {
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${id} no longer has \`${eager}\`: review scripts/dependency-patches.ts`);
      const lazy =
        "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };";
      // map null: the edit stays within one line, so the file's lines map one to one.
      return { code: source.replace(eager, lazy), map: null };
    },
  },
};

/**
 * kafkajs groups a send's messages by partition by copying the partition's array for every message
 * (`[...current, message]` in a reduce): quadratic in time and garbage. For the smoke test's sends of
 * 200 messages a partition that was close to 30 % of all a run allocated; scavenging less wins back
 * what bounding the heap's growth costs the smoke test (src/kafka/heap-growth.ts, bench/README.md).
 * Here each message is pushed onto its partition's array: the same arrays, in the same order, from the
 * same partitioner calls. kafkajs is in maintenance mode and the same fix waits there unmerged
 * (tulios/kafkajs#1576). The build fails if the lines change.
 */
export const linearGroupingInKafkajs: Plugin = {
  name: 'linear-grouping-in-kafkajs',
  transform: {
    filter: { id: /[\\/]kafkajs[\\/]src[\\/]producer[\\/]groupMessagesPerPartition\.js$/ },
    handler(source, id) {
      const quadratic = 'const current = result[partition] || []\n    return Object.assign(result, { [partition]: [...current, message] })';
      if (!source.includes(quadratic)) throw new Error(`${id} no longer groups messages as scripts/dependency-patches.ts expects: review it`);
      const linear = 'const current = (result[partition] ??= [])\n    return current.push(message), result';
      // map null: the edit keeps the file's lines, so they map one to one.
      return { code: source.replace(quadratic, linear), map: null };
    },
  },
};

export const dependencyPatches: Plugin[] = [lazyChildProcessInCommander, linearGroupingInKafkajs];
