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
//   one start-up chunk, so a start reads three files (with rolldown's runtime helpers), not one per shared module.
// - platform 'node' resolves packages with the `node` condition and ignores `browser` fields (the Azure
//   SDKs, axios and msal have browser builds that would break here).
// - Not minified, so stack traces (--verbose) keep function names and point at readable code. The source
//   maps stay in dist/ for development (`NODE_OPTIONS=--enable-source-maps` maps frames to src/*.ts) and
//   out of the package (package.json `files`): they would add half the bundle's size for the few who
//   read traces.
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { dependencyPatches } from './dependency-patches.js';
import { thirdPartyNotices } from './third-party-notices.js';

const root = fileURLToPath(new URL('..', import.meta.url));

await rm(`${root}/dist`, { recursive: true, force: true });
const { output } = await build({
  cwd: root,
  input: { cli: 'src/cli.ts' },
  platform: 'node',
  logLevel: 'warn',
  plugins: dependencyPatches,
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
