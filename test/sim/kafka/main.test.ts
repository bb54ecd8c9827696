// `npm run sim:kafka` on its own: one JSON line describing the cluster, brokers that answer, and a clean
// exit 0 on SIGTERM, as a developer uses it to try the CLI by hand.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probeTcp } from '../../../src/kafka/tcp-probe.js';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('the Kafka simulator on its own', () => {
  it('prints {bootstrap, brokers} on one line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--brokers', '2', '--advertise', 'fqdn', '--first-address', '127.0.1.230'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.on('error', reject);
    });
    const description = JSON.parse(firstLine) as { bootstrap: string; brokers: { id: number; listen: string; advertised: string }[] };
    expect(description.brokers.map((b) => b.id)).toEqual([1001, 1002]);
    expect(description.bootstrap).toBe(description.brokers.map((b) => b.listen).join(','));
    expect(description.brokers[1]!.listen).toMatch(/^127\.0\.1\.231:\d+$/);
    expect(description.brokers[0]!.advertised).toMatch(/^wn0-kafka\.[0-9a-f]+\.cx\.internal\.cloudapp\.net:\d+$/);
    const [host, port] = description.brokers[1]!.listen.split(':');
    expect((await probeTcp(host!, Number(port), 2_000)).ok).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
