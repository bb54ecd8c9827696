// `npm run build`: bundle src/cli.ts, and everything it imports from src/ and node_modules/, into dist/
// with rolldown, then write THIRD-PARTY-NOTICES from what was bundled. The package then has no
// dependencies to install, and tree-shaking leaves out the thousands of ARM operations never called.
//
// - Entry point src/cli.ts only: the bundler follows the imports, so a new file in src/ is picked up once
//   something imports it. Code splitting turns every `await import(...)` (each command's *-run.ts, the
//   Azure SDKs in src/azure/clients.ts, kafkajs, ora) into a chunk loaded only when reached.
// - CommonJS output (`.cjs`, since package.json says "type": "module"): Node loads CommonJS without its
//   ES module loader, about 7 ms of every start on Node 20 (bench/cold-start), and an `import()` becomes
//   a `require()` of the chunk when reached. Nothing in src/ needs ESM at run time (no import.meta, no
//   top-level await); ESM-only dependencies (ora) are converted by the bundler.
// - Everything `kafka-aks --help` needs (the modules src/cli.ts imports statically, and theirs) goes in
//   one start-up chunk, so a start reads and compiles two files, not one per shared module.
// - platform 'node' resolves packages with the `node` condition and ignores `browser` fields (the Azure
//   SDKs, axios and msal have browser builds that would break here).
// - Not minified, so stack traces (--verbose) keep function names and point at readable code. The source
//   maps stay in dist/ for development (`NODE_OPTIONS=--enable-source-maps` maps frames to src/*.ts) and
//   out of the package (package.json `files`): they would add half the bundle's size for the few who
//   read traces.
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'rolldown';
import { thirdPartyNotices } from './third-party-notices.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * commander requires node:child_process at load, for executable subcommands (`git-style` separate
 * programs), which kafka-aks has none of; loading it (and net, dgram and the rest it pulls in) is about
 * 3 ms of every start (bench/cold-start). Here it is required when commander would first spawn, i.e.
 * never. The build fails if commander's line changes, rather than ship without the patch unnoticed.
 */
const lazyChildProcessInCommander: Plugin = {
  name: 'lazy-child-process-in-commander',
  transform: {
    filter: { id: /[\\/]commander[\\/]lib[\\/]command\.js$/ },
    handler(source, id) {
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${id} no longer has \`${eager}\`: review scripts/build.ts`);
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
const linearGroupingInKafkajs: Plugin = {
  name: 'linear-grouping-in-kafkajs',
  transform: {
    filter: { id: /[\\/]kafkajs[\\/]src[\\/]producer[\\/]groupMessagesPerPartition\.js$/ },
    handler(source, id) {
      const quadratic = 'const current = result[partition] || []\n    return Object.assign(result, { [partition]: [...current, message] })';
      if (!source.includes(quadratic)) throw new Error(`${id} no longer groups messages as scripts/build.ts expects: review it`);
      const linear = 'const current = (result[partition] ??= [])\n    return current.push(message), result';
      // map null: the edit keeps the file's lines, so they map one to one.
      return { code: source.replace(quadratic, linear), map: null };
    },
  },
};

await rm(`${root}/dist`, { recursive: true, force: true });
const { output } = await build({
  cwd: root,
  input: { cli: 'src/cli.ts' },
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyChildProcessInCommander, linearGroupingInKafkajs],
  output: {
    dir: 'dist',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunks/[name]-[hash].cjs',
    codeSplitting: { groups: [{ name: 'start-up', tags: ['$initial'] }] },
    sourcemap: true,
    sourcemapExcludeSources: true,
  },
});
const bundled = output.flatMap((file) =>
  file.type === 'chunk' ? Object.entries(file.modules).filter(([, module]) => module.renderedLength > 0).map(([id]) => id) : [],
);
await writeFile(`${root}/THIRD-PARTY-NOTICES`, thirdPartyNotices(bundled, root));
