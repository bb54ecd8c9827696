// What a user downloads and installs: `npm pack` of the build, then `npm install --global` of that
// tarball into a temporary prefix, offline with an empty cache (test/support/package.ts). Target: the
// installed package, dependencies included, at most 20 MB. The install time is printed beside it
// (median of a few installs, each into a fresh prefix and cache).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryBytes, installGlobally, packTarball } from '../test/support/package.js';
import { spread } from './support/stats.js';

const TARGET_MB = 20;
const installs = Number(process.env.BENCH_RUNS ?? 3);
// Nothing listens on the discard port: a request to the registry would fail the install.
const registry = 'http://127.0.0.1:9/';

const workDir = mkdtempSync(join(tmpdir(), 'kafka-aks-package-bench-'));
try {
  const tarball = await packTarball(workDir);
  const seconds: number[] = [];
  let installedBytes = 0;
  for (let i = 0; i < installs; i += 1) {
    const installDir = mkdtempSync(join(workDir, 'install-'));
    const start = process.hrtime.bigint();
    const installed = await installGlobally(tarball.path, installDir, registry);
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    installedBytes = directoryBytes(installed.prefix);
  }
  const mb = (bytes: number) => bytes / 1e6;
  const time = spread(seconds);
  console.log(
    `package-size: tarball ${mb(statSync(tarball.path).size).toFixed(1)} MB (${tarball.files.length} files, ` +
      `${mb(tarball.unpackedBytes).toFixed(1)} MB unpacked); installed with npm i -g ${mb(installedBytes).toFixed(1)} MB ` +
      `(target <= ${TARGET_MB}) ${mb(installedBytes) <= TARGET_MB ? 'OK' : 'MISSED'}; ` +
      `npm i -g from the tarball ${time.min.toFixed(2)} / ${time.median.toFixed(2)} / ${time.max.toFixed(2)} s (min / median / max of ${installs})`,
  );
  if (mb(installedBytes) > TARGET_MB) process.exitCode = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
