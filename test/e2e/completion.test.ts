// `kafka-aks completion bash|zsh|fish`: the scripts are made from the program itself, so every command
// and flag the program has is in each one (read from buildProgram() here, not from a list), and a
// command added to the program is completed with no change to src/completion. bash loads the script and
// completes words as on a TAB; zsh and fish check the syntax (fish also completes, with `complete -C`).
// A shell that is not installed is skipped with a note.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { bashScript } from '../../src/completion/bash.js';
import { completionModel } from '../../src/completion/model.js';
import type { Command, Option } from '../../src/commander.js';
import { runCli } from '../support/cli.js';

const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

const dir = mkdtempSync(join(tmpdir(), 'kafka-aks-completion-'));
afterAll(() => rmSync(dir, { recursive: true }));

const scripts = new Map<Shell, string>();
async function script(shell: Shell): Promise<string> {
  if (!scripts.has(shell)) {
    const result = await runCli(['completion', shell]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    scripts.set(shell, result.stdout);
  }
  return scripts.get(shell)!;
}

function saved(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const found = new Map<Shell, boolean>();
function installed(shell: Shell): boolean {
  if (!found.has(shell)) {
    found.set(shell, spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).error === undefined);
    if (!found.get(shell)) process.stderr.write(`Skipped the ${shell} checks of kafka-aks completion: ${shell} is not installed (apt-get install -y ${shell}).\n`);
  }
  return found.get(shell)!;
}

/** What `bash` completes for these words, the last being the one under the cursor, as a TAB would. */
function bashCompletes(scriptPath: string, words: string[]): string[] {
  const result = spawnSync(
    'bash',
    ['--norc', '--noprofile', '-c', 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kafka_aks; printf "%s\\n" "${COMPREPLY[@]}"', 'bash', scriptPath, ...words],
    { encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** Every flag commander accepts at each level: the program's own, and each command's. */
function everyFlag(program: Command): Option[] {
  return [program, ...program.commands].flatMap((command) => command.options);
}

/** How each shell's script spells a flag: as typed (bash, zsh), or fish's `-s b` / `-l bootstrap-server`. */
function spellings(shell: Shell, option: Option): RegExp[] {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  if (shell !== 'fish') return names.map((name) => new RegExp(`(^|[\\s'({,])${name}([\\s'=+,})\\[]|$)`, 'm'));
  return names.map((name) => new RegExp(name.startsWith('--') ? ` -l ${name.slice(2)} ` : ` -s ${name.slice(1)} `));
}

describe('kafka-aks completion', () => {
  const program = buildProgram();

  it.each(shells)('the %s script names every command and every flag of the program, and every known choice', async (shell) => {
    const text = await script(shell);
    expect(program.commands.length).toBeGreaterThan(5);
    for (const command of program.commands) expect(text, command.name()).toMatch(new RegExp(`\\b${command.name()}\\b`));
    for (const option of everyFlag(program)) {
      for (const spelling of spellings(shell, option)) expect(text, `${option.flags} in ${shell}`).toMatch(spelling);
      for (const choice of option.argChoices ?? []) expect(text).toContain(choice);
    }
    expect(text).toContain('bash zsh fish');
  });

  it.runIf(installed('bash'))('bash: loaded into bash, it completes commands, flags and the values commander knows', async () => {
    const path = saved('kafka-aks.bash', await script('bash'));
    expect(bashCompletes(path, ['kafka-aks', 'sm'])).toEqual(['smoke-test']);
    expect(bashCompletes(path, ['kafka-aks', 'smoke-test', '--boo'])).toEqual(['--bootstrap-server']);
    expect(bashCompletes(path, ['kafka-aks', '--cloud', 'AzureU'])).toEqual(['AzureUSGovernment']);
    // A flag's value is not taken for the command: `smoke-test` is still the command after `--cloud X`.
    expect(bashCompletes(path, ['kafka-aks', '--cloud', 'AzureCloud', 'smoke-test', '--top'])).toEqual(['--topic']);
    // `--cloud=Az` as bash splits it at '=' (COMP_WORDBREAKS), and as one word where '=' is not a break.
    expect(bashCompletes(path, ['kafka-aks', 'brokers', '--cloud', '=', 'AzureC'])).toEqual(['AzureCloud', 'AzureChinaCloud']);
    expect(bashCompletes(path, ['kafka-aks', 'brokers', '--cloud=AzureCh'])).toEqual(['--cloud=AzureChinaCloud']);
    expect(bashCompletes(path, ['kafka-aks', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // A value nobody can guess (a topic name) gets no completion, not file names.
    expect(bashCompletes(path, ['kafka-aks', 'smoke-test', '--topic', ''])).toEqual([]);
    // Global flags after the command, as commander accepts them; the command's flags not before it.
    expect(bashCompletes(path, ['kafka-aks', 'brokers', '--js'])).toEqual(['--json']);
    expect(bashCompletes(path, ['kafka-aks', '--boo'])).toEqual([]);
  });

  it.runIf(installed('zsh'))('zsh: the script parses (zsh -n) and declares itself for compinit', async () => {
    const text = await script('zsh');
    expect(text.startsWith('#compdef kafka-aks\n')).toBe(true);
    const check = spawnSync('zsh', ['-n', saved('_kafka-aks', text)], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it.runIf(installed('fish'))('fish: the script parses (fish -n), and fish completes from it', async () => {
    const path = saved('kafka-aks.fish', await script('fish'));
    const check = spawnSync('fish', ['-n', path], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const completes = (line: string) =>
      spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', path, line], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((entry) => entry !== '')
        .map((entry) => entry.split('\t')[0]);
    expect(completes('kafka-aks sm')).toEqual(['smoke-test']);
    expect(completes('kafka-aks smoke-test --boo')).toEqual(['--bootstrap-server']);
    expect(completes('kafka-aks --cloud AzureU')).toEqual(['AzureUSGovernment']);
  });

  it('a command added to the program is completed, with no change to the completion code', () => {
    const extended = buildProgram();
    extended.command('rebalance').description('move partitions').option('--max-moves <count>', 'at most this many');
    const text = bashScript(completionModel(extended));
    expect(text).toContain('rebalance');
    expect(text).toContain('--max-moves');
    if (!installed('bash')) return;
    const path = saved('extended.bash', text);
    expect(bashCompletes(path, ['kafka-aks', 'reb'])).toEqual(['rebalance']);
    expect(bashCompletes(path, ['kafka-aks', 'rebalance', '--max'])).toEqual(['--max-moves']);
  });

  it('an unknown shell is a usage error, exit 2, and with --json one error document on stdout', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");

    const json = await runCli(['completion', 'powershell', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        kind: 'usage',
        exitCode: 2,
        message: "command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
        hint: 'Run `kafka-aks completion --help` for usage.',
      },
    });
  });

  it('with --json the script comes as {shell, script}, the same script', async () => {
    const result = await runCli(['completion', 'fish', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ shell: 'fish', script: await script('fish') });
  });

  it('--help shows how to install the script in each shell', async () => {
    const result = await runCli(['completion', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: kafka-aks completion [options] <shell>');
    expect(result.stdout).toContain('source <(kafka-aks completion bash)');
    expect(result.stdout).toContain('kafka-aks completion bash > ~/.local/share/bash-completion/completions/kafka-aks');
    expect(result.stdout).toContain('kafka-aks completion zsh > ~/.zfunc/_kafka-aks');
    expect(result.stdout).toContain('fpath=(~/.zfunc $fpath)');
    expect(result.stdout).toContain('kafka-aks completion fish > ~/.config/fish/completions/kafka-aks.fish');
  });
});
