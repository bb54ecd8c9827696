// The program itself: help, version, usage errors and the error contract, as an operator meets them.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('kafka-aks', () => {
  it('--help lists the commands, the global options, examples and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('brokers');
    for (const option of ['--subscription', '--cloud', '--json', '--verbose', '--quiet']) {
      expect(result.stdout).toContain(option);
    }
    expect(result.stdout).toMatch(/Examples:\n\s+\$ kafka-aks status --aks /);
    for (const command of ['peer', 'configure-advertising', 'brokers', 'smoke-test', 'status', 'up', 'completion']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stdout).toContain('5 authentication refused');
    expect(result.stdout).toMatch(/130 interrupted \(Ctrl-C\),\s+143 terminated \(SIGTERM\)/);
    expect(result.stderr).toBe('');
  });

  it('--version prints the package version and nothing else', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('every command --help states its purpose and shows an example', async () => {
    const result = await runCli(['brokers', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('List the Kafka brokers');
    expect(result.stdout).toMatch(/Examples:\n\s+\$ .*kafka-aks brokers --cluster mykafka/);
  });

  it('an unknown flag is a usage error: exit 2, one clear line, no stack trace', async () => {
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe("error: unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a misspelt command is a usage error with a suggestion', async () => {
    const result = await runCli(['broker']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'broker'");
    expect(result.stderr).toContain('brokers');
  });

  it('a bad flag value is caught before any network call', async () => {
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--port <port>' argument '70000' is invalid");
  });

  it.each(['0x10', '1e3', ' 7', ''])('a port or a count is digits only: %j is refused (Number() would read it)', async (value) => {
    const port = await runCli(['brokers', '--cluster', 'mykafka', '--port', value]);
    expect(port.code).toBe(2);
    const count = await runCli(['smoke-test', '-b', '127.0.0.1:9092', '-c', value]);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('It must be a whole number');
  });

  it('a huge refused value is cut in the error, saying how long it was, on stderr and in the --json document', async () => {
    const huge = 'x'.repeat(10_000);
    const result = await runCli(['smoke-test', '-b', '127.0.0.1:9092', '--topic', huge, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeLessThan(1000);
    expect(result.stderr).toContain(`'${'x'.repeat(256)}…' (10000 characters)`);
    expect((JSON.parse(result.stdout) as { error: { message: string } }).error.message).toContain('(10000 characters)');
  });

  it('--rolling-pause takes 0 (no pause) and says so when refusing a value', async () => {
    const result = await runCli(['configure-advertising', '--cluster', 'mykafka', '--rolling-pause', '-1', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('It must be 0 (no pause) or a positive number of seconds.');
  });

  it('a duration no Node timer can hold, or an absurd count, is refused naming the largest value allowed', async () => {
    const tooLong = 'It must be at most 2147483 seconds (about 24 days).';
    const advertise = ['configure-advertising', '--cluster', 'mykafka', '--yes'];
    const smoke = ['smoke-test', '-b', '127.0.0.1:9'];
    const cases: [string[], string, string, string][] = [
      [['brokers', '--cluster', 'mykafka'], '--ambari-timeout <seconds>', '3000000', tooLong],
      [advertise, '--poll-interval <seconds>', '99999999999', tooLong],
      [advertise, '--rolling-pause <seconds>', '2147484', tooLong],
      [advertise, '--health-timeout <seconds>', '2147484', tooLong],
      [smoke, '--timeout <duration>', '99999999999', tooLong],
      [smoke, '-c, --messages <count>', '99999999999999999', 'It must be at most 100000000 (a run of this many takes about 40 minutes; a longer soak is a job for a load test).'],
      [smoke, '--partitions <count>', '200001', "It must be at most 200000 (Kafka's guidance for a whole cluster)."],
      [smoke, '--replication-factor <count>', '32768', "It must be at most 32767 (Kafka's protocol holds it in 16 bits)."],
    ];
    for (const [command, option, value, message] of cases) {
      const flag = option.split(' ')[0]!.replace(/,$/, '');
      const result = await runCli([...command, flag, value]);
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`error: option '${option}' argument '${value}' is invalid. ${message}`);
    }
  });

  it('a reader that went away (`kafka-aks --help | head -1`) is not an error: no crash, the usual exit code', async () => {
    const close = (stream: 'stdout' | 'stderr') => (child: import('node:child_process').ChildProcess) => child[stream]?.destroy();
    expect((await runCli(['--help'], { onSpawn: close('stdout') })).code).toBe(0);
    // Commander's own error line, to a stderr nobody reads: still the usage error's exit code.
    const usage = await runCli(['brokers', '--bogus'], { onSpawn: close('stderr') });
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
  });

  it('an unknown cloud is refused with the list of clouds', async () => {
    const result = await runCli(['--cloud', 'Mars', 'brokers', '--cluster', 'mykafka']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AzureChinaCloud');
  });

  it('with --json an error is one JSON document on stdout, and one line on stderr', async () => {
    // No password anywhere and no terminal to ask on: a usage error, before any request.
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--ambari-url', 'https://127.0.0.1:9', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        kind: 'usage',
        exitCode: 2,
        message: 'No Ambari password was given.',
        hint: expect.stringContaining('AMBARI_PASSWORD'),
      },
    });
    expect(result.stderr).toContain('Error: No Ambari password was given.');
  });

  it('refuses to send the password over plain HTTP beyond loopback, without connecting', async () => {
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--ambari-url', 'http://10.1.2.3:8080'], {
      env: { AMBARI_PASSWORD: 'Not-Sent-1' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Refusing to send the Ambari password to http://10.1.2.3:8080 without TLS');
    expect(result.stderr).not.toContain('network guard');
  });

  it('a host that only starts like loopback is not loopback: exit 2 in one line, before any name is looked up', async () => {
    const lookups = join(mkdtempSync(join(tmpdir(), 'kafka-aks-lookups-')), 'names');
    const url = 'http://127.0.0.1.evil.example:8080';
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--ambari-url', url], {
      env: { AMBARI_PASSWORD: 'Not-Sent-1', KAFKA_AKS_TEST_LOOKUP_LOG: lookups },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `Error: Refusing to send the Ambari password to ${url} without TLS: 127.0.0.1.evil.example is not a loopback address.`,
      'Hint: Use the https:// address of the cluster. Plain http is accepted only to 127.0.0.0/8, [::1] and localhost (an SSH tunnel, a simulator).',
    ]);
    expect(existsSync(lookups) ? readFileSync(lookups, 'utf8') : '').toBe('');
  });

  it('refuses plain http before it looks for a password, so not even the gateway settings are read through Azure', async () => {
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--resource-group', 'kafka-rg', '--ambari-url', 'http://localhost.evil.example']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: Refusing to send the Ambari password to http:\/\/localhost\.evil\.example without TLS/);
  });

  describe('with --json, a usage error caught while parsing is one JSON document on stdout too', () => {
    /** The one document on stdout: JSON.parse fails on anything before, after or between documents. */
    const errorOf = (stdout: string) => (JSON.parse(stdout) as { error: Record<string, unknown> }).error;

    it.each([
      // --json after the command, and a mandatory flag missing
      [['brokers', '--json'], "required option '--cluster <name>' not specified", 'kafka-aks brokers --help'],
      // --json before the command, and an argParser refusing a value
      [['--json', 'brokers', '--port', '0'], "option '--port <port>' argument '0' is invalid. It must be a TCP port number (1-65535).", 'kafka-aks brokers --help'],
      [['peer', '--aks', 'a', '--cluster', 'mykafka', '--json'], "required option '--aks-resource-group <rg>' not specified", 'kafka-aks peer --help'],
      [['frobnicate', '--json'], "unknown command 'frobnicate'", 'kafka-aks --help'],
      // commander stops at the unknown flag, before it has read --json
      [['--bogus', '--json', 'brokers'], "unknown option '--bogus'", 'kafka-aks --help'],
      // and at a global option's refused value, also before --json
      [['--cloud', 'Mars', '--json', 'brokers', '--cluster', 'mykafka'], "option '--cloud <name>' argument 'Mars' is invalid. Allowed choices are AzureCloud, AzureChinaCloud, AzureUSGovernment.", 'kafka-aks --help'],
      // commander reads the program's options first, wherever they stand: this --json is not the topic
      [['smoke-test', '--topic', '--json'], "option '-t, --topic <name>' argument missing", 'kafka-aks smoke-test --help'],
      [['brokers', 'extra', '--cluster', 'mykafka', '--json'], "too many arguments for 'brokers'. Expected 0 arguments but got 1.", 'kafka-aks brokers --help'],
      [['configure-advertising', '--cluster', 'mykafka', '--rolback', '--json'], "unknown option '--rolback' (Did you mean --rollback?)", 'kafka-aks configure-advertising --help'],
    ])('kafka-aks %j', async (args, message, help) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(errorOf(result.stdout)).toEqual({ kind: 'usage', exitCode: 2, message, hint: `Run \`${help}\` for usage.` });
      // People still get commander's line, unchanged, on stderr.
      expect(result.stderr.split('\n')[0]).toBe(`error: ${message.replace(' (Did you mean', '\n(Did you mean').split('\n')[0]}`);
      expect(result.stderr).toContain('(run with --help for usage)');
    });

    it('--json alone names the commands; the usage goes to stderr', async () => {
      const result = await runCli(['--json']);
      expect(result.code).toBe(2);
      expect(errorOf(result.stdout)).toEqual({
        kind: 'usage',
        exitCode: 2,
        message: 'Name a command: brokers, configure-advertising, peer, smoke-test, status, up or completion.',
        hint: 'Run `kafka-aks --help` for usage.',
      });
      expect(result.stderr).toContain('Usage: kafka-aks [options] [command]');
    });

    it('"--json" as the value of a global option, or after "--", is not the flag', async () => {
      for (const args of [['--subscription', '--json', 'brokers'], ['brokers', '--cluster', 'mykafka', '--', '--json']]) {
        const result = await runCli(args);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^error: (required option '--cluster <name>' not specified|too many arguments for 'brokers')/);
      }
    });

    it('without --json the same errors print nothing on stdout', async () => {
      const result = await runCli(['brokers']);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe("error: required option '--cluster <name>' not specified\n(run with --help for usage)\n");
    });

    it('--help and --version with --json print as always, exit 0', async () => {
      const help = await runCli(['brokers', '--help', '--json']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: kafka-aks brokers [options]');
      const version = await runCli(['--json', '--version']);
      expect(version).toMatchObject({ code: 0, stdout: `${version.stdout.trim()}\n`, stderr: '' });
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    });
  });
});
