// kcat, the client we did not write that checks the Kafka simulator (and, in the world tests, what a
// blocked path looks like to librdkafka), and what the simulated AKS pods run for the in-AKS smoke test
// (`smoke-test --in-aks`, and `up` and `status`, which run it). It comes from Debian, not npm, so a machine with only Node has
// none: there its tests are skipped with a note saying how to install it. CI installs it (.ci/run), so
// there a missing kcat fails every test that needs it instead of skipping them quietly.
//
// kcat is not a Node process, so the network guard does not cover it: only ever point it at 127.x
// addresses, and at a simulator that advertises IPs (a broker advertising a name would send librdkafka
// to the resolver, off loopback).
import { execFile, spawnSync } from 'node:child_process';
import { beforeAll, describe, it } from 'vitest';

export const KCAT_INSTALL_HINT =
  'install kcat with `apt-get install -y kcat` (Debian/Ubuntu; .ci/run does) or `brew install kcat` (macOS)';

/** What to do with the tests that need kcat. */
export type KcatVerdict = 'run' | 'skip' | 'fail';

/**
 * kcat present: run them. Absent: skip them on a developer's machine, fail them in CI, where a skip
 * would hide that the simulator went unchecked. `CI` as CI services set it (`true`, `1`); `false` or
 * `0` is no CI, as ci-info and std-env read it.
 */
export function kcatVerdict(available: boolean, env: NodeJS.ProcessEnv): KcatVerdict {
  if (available) return 'run';
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? 'fail' : 'skip';
}

/** Whether `kcat` runs from this PATH (asked once per test file, by starting it). */
export function kcatOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync('kcat', ['-V'], { env, stdio: 'ignore' }).error === undefined;
}

const verdict = kcatVerdict(kcatOnPath(), process.env);

function missingKcat(): Error {
  return new Error(`kcat is not installed, and CI runs every kcat check: ${KCAT_INSTALL_HINT}.`);
}

function noteSkipped(name: string): void {
  process.stderr.write(`Skipped "${name}": kcat is not installed; ${KCAT_INSTALL_HINT} to run it.\n`);
}

/** A describe block whose tests all need kcat: run, skipped with a note, or failed in CI. */
export function describeWithKcat(name: string, body: () => void): void {
  if (verdict === 'skip') {
    noteSkipped(name);
    describe.skip(`${name} (needs kcat)`, body);
  } else if (verdict === 'fail') {
    describe(name, () => {
      // First of the block's hooks: every test in it fails with this line, before anything runs kcat.
      beforeAll(() => {
        throw missingKcat();
      });
      body();
    });
  } else describe(name, body);
}

/** One test that needs kcat, beside others that do not: run, skipped with a note, or failed in CI. */
export function itWithKcat(name: string, body: () => Promise<void>, timeoutMs?: number): void {
  if (verdict === 'skip') {
    noteSkipped(name);
    it.skip(`${name} (needs kcat)`, body);
  } else if (verdict === 'fail') {
    it(name, () => {
      throw missingKcat();
    });
  } else it(name, body, timeoutMs);
}

export interface KcatResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs kcat without blocking the event loop (the simulators answer it from this same process), and
 * resolves with its exit code whatever it is: tests assert on failures too.
 */
export function kcat(args: string[], input = ''): Promise<KcatResult> {
  return new Promise((resolve) => {
    const child = execFile('kcat', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}
