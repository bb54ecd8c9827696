// The package as users install it: `npm pack` of the build the suite already made, installed with
// `npm install --global --prefix` from the tarball alone, then run from the prefix's bin/. It carries
// exactly what runs (the bundle, bin/, the licenses), needs nothing from a registry, and stays small.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryBytes, installGlobally, packTarball, type Installed, type PackedTarball } from '../support/package.js';

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};
const commanderVersion = (
  JSON.parse(readFileSync(new URL('../../node_modules/commander/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
/** bench/README.md's target for the installed package (bytes, as `du --apparent-size`). */
const SIZE_TARGET = 20 * 1000 * 1000;

describe('the npm package', () => {
  let workDir: string;
  let tarball: PackedTarball;
  let installed: Installed;
  const registryRequests: string[] = [];
  let registry: Server;
  const lookups = () => {
    try {
      return readFileSync(join(workDir, 'lookups.log'), 'utf8');
    } catch {
      return '';
    }
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kafka-aks-package-'));
    // The only registry npm is told of: any request it makes lands here, and the test fails.
    registry = createServer((request, response) => {
      registryRequests.push(`${request.method} ${request.url}`);
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as AddressInfo;
    tarball = await packTarball(workDir);
    installed = await installGlobally(tarball.path, workDir, `http://127.0.0.1:${port}/`, {
      KAFKA_AKS_TEST_LOOKUP_LOG: join(workDir, 'lookups.log'),
    });
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => registry?.close(resolve));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('holds exactly what runs: bin/, the bundle, package.json, README, LICENSE and the third-party notices', () => {
    const unexpected = tarball.files.filter(
      (file) =>
        !['package.json', 'README.md', 'LICENSE', 'THIRD-PARTY-NOTICES', 'bin/kafka-aks.cjs', 'dist/cli.cjs'].includes(file) &&
        !/^dist\/chunks\/[\w-]+\.cjs$/.test(file),
    );
    expect(unexpected).toEqual([]);
    expect(tarball.files).toEqual(expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES', 'bin/kafka-aks.cjs', 'dist/cli.cjs']));
    expect(tarball.files.filter((file) => file.startsWith('dist/chunks/')).length).toBeGreaterThan(5);
  });

  it('has no dependencies to install: they are bundled', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(join(installed.packageDir, 'bin', 'kafka-aks.cjs'))).toBe(true);
    expect(existsSync(join(installed.packageDir, 'node_modules'))).toBe(false);
  });

  it('installs from the tarball alone: npm asked no registry and looked up no name', () => {
    // npm is a node process: the network guard runs in it too, and logs every name it is asked to resolve.
    expect(process.env.NODE_OPTIONS).toContain('network-guard.mjs');
    expect(registryRequests).toEqual([]);
    expect(lookups()).toBe('');
  });

  it(`is at most ${SIZE_TARGET / 1e6} MB unpacked and installed`, () => {
    expect(tarball.unpackedBytes).toBeLessThanOrEqual(SIZE_TARGET);
    expect(directoryBytes(installed.packageDir)).toBeLessThanOrEqual(SIZE_TARGET);
  });

  it('carries the MIT license and the license of every bundled package', () => {
    const license = readFileSync(join(installed.packageDir, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 kafka-aks contributors\n/);
    const notices = readFileSync(join(installed.packageDir, 'THIRD-PARTY-NOTICES'), 'utf8');
    for (const bundled of [`commander ${commanderVersion}`, 'kafkajs ', '@azure/identity ', 'axios ', 'ora ']) {
      expect(notices).toContain(`\n${bundled}`);
    }
    expect(notices).toContain('Permission is hereby granted, free of charge');
  });

  it('runs as installed: kafka-aks --version, --help and peer --help', async () => {
    const version = await run(installed.executable, ['--version']);
    expect(version.stdout).toBe(`${manifest.version}\n`);
    const help = await run(installed.executable, ['--help']);
    expect(help.stdout).toMatch(/^Usage: kafka-aks \[options\] \[command\]/);
    for (const command of ['peer', 'configure-advertising', 'brokers', 'smoke-test', 'status', 'up']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    const peerHelp = await run(installed.executable, ['peer', '--help']);
    expect(peerHelp.stdout).toMatch(/^Usage: kafka-aks peer \[options\]/);
    expect(peerHelp.stdout).toContain('--peering-prefix <prefix>');
    expect(`${version.stderr}${help.stderr}${peerHelp.stderr}`).toBe('');
  });
});
