// Running `kafka-aks smoke-test` (and kcat) from a benchmark against a simulated cluster that lives in
// the benchmark's own process: asynchronously, so the simulator keeps answering while the child runs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SmokeReport } from '../../src/kafka/smoke-report.js';

const cli = fileURLToPath(new URL('../../bin/kafka-aks.cjs', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runProcess(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(options.input ?? '');
  });
}

export function check(what: string, result: Finished): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr.slice(-2000)}`);
}

/**
 * `smoke-test --json` of `count` messages on `topic`; throws unless every message came back once,
 * intact and in order. `nodeArgs` go to the CLI's node (a preload, say).
 */
export async function smokeTest(bootstrap: string, topic: string, count: number, nodeArgs: string[] = [], env?: NodeJS.ProcessEnv): Promise<{ report: SmokeReport; ms: number }> {
  const args = [...nodeArgs, cli, 'smoke-test', '-b', bootstrap, '-t', topic, '--messages', String(count), '--timeout', '10m', '--json'];
  const result = await runProcess(process.execPath, args, { env });
  check('smoke-test', result);
  const report = JSON.parse(result.stdout) as SmokeReport;
  if (!report.passed) throw new Error(`smoke-test did not pass: ${result.stdout}`);
  return { report, ms: result.ms };
}
