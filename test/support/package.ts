// The package as a user gets it: `npm pack` of the built tree, then `npm install --global` of that
// tarball into a throw-away prefix. Shared by test/e2e/package.test.ts and bench/package-size.ts.
//
// npm runs offline against an empty cache, with a registry address on loopback the caller may serve (to
// prove nothing asks it anything): the tarball has no dependencies, so the install needs no registry.
import { execFile } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../..', import.meta.url));

export interface PackedTarball {
  path: string;
  /** Every file in the tarball, relative to the package root, sorted. */
  files: string[];
  unpackedBytes: number;
}

/**
 * npm's environment without what an enclosing `npm test` or `npm run bench` set (npm_config_prefix and
 * friends would override the flags' intent) and without the developer's ~/.npmrc.
 */
function npmEnv(workDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  const userconfig = join(workDir, 'npmrc');
  writeFileSync(userconfig, '');
  return { ...env, npm_config_userconfig: userconfig, ...extra };
}

/** `npm pack` of the repository as built (no prepack build: the caller reuses dist/) into `workDir`. */
export async function packTarball(workDir: string): Promise<PackedTarball> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], {
    cwd: repository,
    env: npmEnv(workDir, {}),
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[]; unpackedSize: number }[];
  if (packed === undefined) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return {
    path: join(workDir, packed.filename),
    files: packed.files.map((file) => file.path).sort(),
    unpackedBytes: packed.unpackedSize,
  };
}

export interface Installed {
  prefix: string;
  /** `<prefix>/bin/kafka-aks`, the link npm made, run through its `#!/usr/bin/env node` line. */
  executable: string;
  packageDir: string;
}

/**
 * `npm install --global --prefix <workDir>/prefix <tarball>`, offline, with an empty cache in `workDir`
 * and `registry` as the only registry npm knows.
 */
export async function installGlobally(
  tarball: string,
  workDir: string,
  registry: string,
  env: Record<string, string> = {},
): Promise<Installed> {
  const prefix = join(workDir, 'prefix');
  await run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--no-update-notifier', tarball],
    { env: npmEnv(workDir, { npm_config_cache: join(workDir, 'npm-cache'), npm_config_registry: registry, ...env }) },
  );
  return {
    prefix,
    executable: join(prefix, 'bin', 'kafka-aks'),
    packageDir: join(prefix, 'lib', 'node_modules', 'kafka-aks'),
  };
}

/** The bytes of every file under `dir`, as `du --apparent-size` counts them. */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
