// Runs the built CLI (bin/kafka-aks.cjs → dist/) as a child process, the way an operator does. The
// child inherits the network guard through NODE_OPTIONS (vitest.config.ts). Always asynchronous: the
// simulators live in the test process, and a synchronous spawn would block them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/kafka-aks.cjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, then closed. */
  input?: string;
  /** Called once the child is running, e.g. to send it SIGINT at the right moment. */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** An environment with nothing of the developer's Azure or Ambari settings leaking in. */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AZURE_|AMBARI_|KAFKA_AKS_|CI$|FORCE_COLOR$)/.test(key)) continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  env.HOME = '/nonexistent-home-for-tests';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cleanEnv(options.env ?? {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    options.onSpawn?.(child);
  });
}
