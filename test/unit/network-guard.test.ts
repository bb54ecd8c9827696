import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import net from 'node:net';
import { describe, expect, it } from 'vitest';

function connect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code}: ${error.message}`));
  });
}

describe('the network guard every test runs under', () => {
  it('refuses a link-local address (where the managed-identity endpoint lives) before any packet, naming it', async () => {
    const outcome = await connect('169.254.0.1', 80);
    expect(outcome).toMatch(/^ECONNREFUSED: .*169\.254\.0\.1 refused/);
  });

  it('refuses public addresses and IPv6 beyond ::1', async () => {
    expect(await connect('192.0.2.1', 443)).toMatch(/192\.0\.2\.1 refused/);
    expect(await connect('2001:db8::1', 443)).toMatch(/2001:db8::1 refused/);
  });

  it('answers an unknown name with ENOTFOUND at once, without a DNS query', async () => {
    const outcome = await connect('wn0-kafka.abc123.cx.internal.cloudapp.net', 9092);
    expect(outcome).toMatch(/^ENOTFOUND: getaddrinfo ENOTFOUND wn0-kafka/);
    await expect(dns.promises.resolve4('management.azure.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('lets loopback through', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await connect('127.0.0.1', port)).toBe('connected');
    expect(await connect('localhost', port)).toBe('connected');
    server.close();
  });

  it('is inherited by child processes through NODE_OPTIONS', () => {
    const child = spawnSync(
      process.execPath,
      ['-e', "require('net').connect(443, '192.0.2.1').on('error', (e) => { console.log(e.message); })"],
      { encoding: 'utf8' },
    );
    expect(child.stdout).toMatch(/network guard: connection to 192\.0\.2\.1 refused/);
  });
});
