// `npm run sim:world` on its own: one JSON line whose `shell` and `commands` work as printed, in a
// plain shell, and a clean exit 0 on SIGTERM, as a developer uses it to try the CLI by hand.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/cli.js';

const main = fileURLToPath(new URL('./world-main.ts', import.meta.url));

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, closed, stdout: () => stdout };
}

describe('the simulated world on its own', () => {
  it('prints one line whose shell and commands reach it as printed, serves, and exits 0 on SIGTERM', async () => {
    const world = run(process.execPath, ['--import', 'tsx', main, '--brokers', '2', '--lro-ms', '0'], process.env);
    const firstLine = await new Promise<string>((resolve, reject) => {
      world.child.stdout.on('data', () => {
        if (world.stdout().includes('\n')) resolve(world.stdout().split('\n')[0]!);
      });
      world.child.on('error', reject);
    });
    const printed = JSON.parse(firstLine) as { shell: string; commands: string[]; brokers: { ip: string }[]; env: Record<string, string> };
    expect(Object.keys(printed.env)).toEqual(
      expect.arrayContaining(['KAFKA_AKS_ARM_ENDPOINT', 'NODE_EXTRA_CA_CERTS', 'AZURE_TOKEN_CREDENTIALS', 'KAFKA_AKS_AMBARI_URL']),
    );
    expect(printed.commands.map((command) => command.split(' ')[2])).toEqual(['peer', 'brokers', 'configure-advertising', 'smoke-test', 'brokers']);

    // `brokers` needs ARM (the login from the gateway settings) and Ambari: the printed environment has both.
    const brokers = run('sh', ['-c', `${printed.shell}; ${printed.commands[1]} --bootstrap`], cleanEnv({}));
    expect(await brokers.closed).toBe(0);
    expect(brokers.stdout()).toMatch(new RegExp(`^${printed.brokers.map((b) => `${b.ip.replace(/\./g, '\\.')}:\\d+`).join(',')}\\n$`));

    world.child.kill('SIGTERM');
    expect(await world.closed).toBe(0);
  });
});
