// `npm run build`: bundle src/cli.ts, and everything it imports from src/ and node_modules/, into dist/
// with esbuild, then write THIRD-PARTY-NOTICES from what was bundled. The package then has no
// dependencies to install, and tree-shaking leaves out the thousands of ARM operations never called.
//
// - Entry point src/cli.ts only: esbuild follows the imports, so a new file in src/ is picked up once
//   something imports it. Code splitting turns every `await import(...)` (each command's *-run.ts, the
//   Azure SDKs in src/azure/clients.ts, kafkajs, ora) into a chunk loaded only when reached, so
//   `kafka-aks --help` loads cli.js and the chunks it shares with the registrations, and nothing else.
// - platform 'node' resolves packages with the `node` condition and ignores `browser` fields (the Azure
//   SDKs, axios and msal have browser builds that would break here).
// - The banner gives every chunk a `require`: CommonJS dependencies (kafkajs, axios's form-data, msal's
//   jsonwebtoken) call require('crypto') and friends, which esbuild leaves to the runtime, and an ESM
//   file has no require of its own.
// - Not minified, so stack traces (--verbose) keep function names and point at readable code that
//   esbuild marks with its source path (`// src/azure/peering-apply.ts`). The source maps stay in
//   dist/ for development (`NODE_OPTIONS=--enable-source-maps` maps frames to src/*.ts) and out of the
//   package (package.json `files`): they would add half the bundle's size for the few who read traces.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { thirdPartyNotices } from './third-party-notices.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * commander requires node:child_process at load, for executable subcommands (`git-style` separate
 * programs), which kafka-aks has none of; loading it (and net, dgram and the rest it pulls in) is about
 * 3 ms of every start (bench/cold-start). Here it is required when commander would first spawn, i.e.
 * never. The build fails if commander's line changes, rather than ship without the patch unnoticed.
 */
const lazyChildProcessInCommander: esbuild.Plugin = {
  name: 'lazy-child-process-in-commander',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${args.path} no longer has \`${eager}\`: review scripts/build.ts`);
      const lazy =
        "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

await rm(`${root}/dist`, { recursive: true, force: true });
const { metafile } = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [lazyChildProcessInCommander],
});
await writeFile(`${root}/THIRD-PARTY-NOTICES`, thirdPartyNotices(metafile, root));
