// Runs the built CLI on a pseudo-terminal, as an operator at a keyboard meets it: stdin, stdout and
// stderr are a TTY (120 columns), so spinners animate and prompts ask. util-linux's `script` provides
// the terminal (Node has no pty of its own). Keys are typed only once the prompt they answer is on
// screen, as a person would: typed earlier, the terminal would echo them before the program hid them.
import { spawn } from 'node:child_process';
import { CLI, cleanEnv, type CliResult } from './cli.js';

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export interface Answer {
  /** Text on screen that asks for these keys. */
  after: string;
  keys: string;
}

export interface TerminalOptions {
  env?: Record<string, string | undefined>;
  answers?: Answer[];
  /** false: a pty that reports 0 columns (opened without a size), as some CI runners provide. */
  sized?: boolean;
}

export function runOnTerminal(args: string[], options: TerminalOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const cli = [process.execPath, CLI, ...args].map(quote).join(' ');
    const command = options.sized === false ? cli : `stty cols 120 rows 40; ${cli}`;
    // -q quiet, -f flush at once, -e the child's exit code, -c the command; the typescript goes nowhere.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: cleanEnv(options.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
    const pending = [...(options.answers ?? [])];
    let stdout = '';
    let stderr = '';
    let answered = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const next = pending[0];
      if (next && stdout.indexOf(next.after, answered) >= 0) {
        answered = stdout.indexOf(next.after, answered) + next.after.length;
        pending.shift();
        child.stdin.write(next.keys);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

