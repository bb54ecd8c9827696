// `kafka-aks brokers` against the Ambari simulator: what an operator sees, and what Ambari was asked.
import { afterEach, describe, expect, it } from 'vitest';
import { hdinsightKafkaCluster } from '../sim/ambari/model.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runCli } from '../support/cli.js';

let ambari: AmbariFixture | undefined;
afterEach(async () => {
  await ambari?.sim.stop();
  ambari = undefined;
});

async function withCluster(options: Parameters<typeof hdinsightKafkaCluster>[0] = {}) {
  ambari = await startAmbari({ clusters: [hdinsightKafkaCluster(options)] });
  return ambari;
}

describe('kafka-aks brokers', () => {
  it('prints every broker host with its private IP, port and state in a table', async () => {
    const { sim, args, env } = await withCluster({ workers: 4 });
    const result = await runCli(['brokers', ...args], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOST\s+IP\s+PORT\s+STATE$/);
    const brokers = sim.cluster().hosts.filter((host) => host.name.startsWith('wn'));
    expect(lines.slice(1)).toHaveLength(4);
    brokers.forEach((host, i) => {
      expect(lines[i + 1]).toMatch(new RegExp(`^${host.name.replace(/\./g, '\\.')}\\s+${host.ip.replace(/\./g, '\\.')}\\s+9092\\s+STARTED$`));
    });
    // Progress went to stderr, never into the data.
    expect(result.stderr).toContain('4 Kafka brokers in kafka');
  });

  it('--bootstrap prints only ip:port for every broker, ready for bootstrap.servers', async () => {
    const { args, env } = await withCluster({ workers: 3 });
    const result = await runCli(['brokers', ...args, '--bootstrap', '--port', '9093'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('10.0.0.12:9093,10.0.0.13:9093,10.0.0.14:9093\n');
  });

  it('--json prints an array of {host, ip, port, state}', async () => {
    const { sim, args, env } = await withCluster({ workers: 2 });
    sim.cluster().hostComponents.find((hc) => hc.component === 'KAFKA_BROKER')!.state = 'INSTALLED';
    const result = await runCli(['brokers', ...args, '--json'], { env });
    expect(result.code).toBe(0);
    const wn = sim.cluster().hosts.filter((host) => host.name.startsWith('wn'));
    expect(JSON.parse(result.stdout)).toEqual([
      { host: wn[0]!.name, ip: '10.0.0.12', port: 9092, state: 'INSTALLED' },
      { host: wn[1]!.name, ip: '10.0.0.13', port: 9092, state: 'STARTED' },
    ]);
  });

  it('asks Ambari once for all broker hosts and IPs, whatever the cluster size', async () => {
    const { sim, args, env } = await withCluster({ workers: 40 });
    const result = await runCli(['brokers', ...args, '--bootstrap'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout.split(',')).toHaveLength(40);
    // The hosts in one request; the port from the kafka-broker listeners in two (desired tag, then config).
    expect(sim.log.filter((entry) => entry.path.endsWith('/hosts'))).toHaveLength(1);
    expect(sim.log.length).toBe(3);
    expect(sim.log.every((entry) => entry.method === 'GET')).toBe(true);
  });

  it('prints the port the brokers listen on, from Ambari: after configure-advertising --port 9093, :9093', async () => {
    const { args, env } = await withCluster();
    expect((await runCli(['configure-advertising', ...args, '--port', '9093', '--yes', '--poll-interval', '0.01'], { env })).code).toBe(0);
    const result = await runCli(['brokers', ...args, '--bootstrap'], { env });
    expect(result.stdout).toBe('10.0.0.12:9093,10.0.0.13:9093,10.0.0.14:9093\n');
    // --port still wins, for a listener Ambari does not know about (a proxy in front of the brokers).
    expect((await runCli(['brokers', ...args, '--bootstrap', '--port', '19092'], { env })).stdout).toBe('10.0.0.12:19092,10.0.0.13:19092,10.0.0.14:19092\n');
  });

  it('finds the cluster when the name differs only in case (Ambari paths are case-sensitive)', async () => {
    const { sim, env } = await withCluster({ name: 'MyKafka' });
    const result = await runCli(['brokers', '--cluster', 'mykafka', '--ambari-url', sim.url, '--bootstrap'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('10.0.0.12:9092,10.0.0.13:9092,10.0.0.14:9092\n');
    // The name is looked up once, though two calls were refused at the same time.
    expect(sim.log.filter((entry) => entry.path === '/api/v1/clusters')).toHaveLength(1);
    expect(sim.log.filter((entry) => entry.status === 200 && entry.path.startsWith('/api/v1/clusters/MyKafka')).map((e) => e.path).sort()).toEqual([
      '/api/v1/clusters/MyKafka',
      '/api/v1/clusters/MyKafka/configurations',
      '/api/v1/clusters/MyKafka/hosts',
    ]);
  });

  it('an unknown cluster exits 3, naming it and the clusters that exist', async () => {
    const { sim, env } = await withCluster({ name: 'kafka' });
    const result = await runCli(['brokers', '--cluster', 'nosuch', '--ambari-url', sim.url], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Error: Ambari at');
    expect(result.stderr).toContain('has no cluster named "nosuch"');
    expect(result.stderr).toContain('Clusters there: kafka');
  });

  it('a cluster without Kafka is not a Kafka cluster: exit 2', async () => {
    const { args, env } = await withCluster({ name: 'spark', kafka: false });
    const result = await runCli(['brokers', ...args], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cluster "spark" has no KAFKA service: it is not a Kafka cluster.');
  });

  it('a wrong password exits 5 with a hint, and the password appears nowhere', async () => {
    const { args } = await withCluster();
    const password = 'Wr0ng-But-Secret!';
    for (const extra of [[], ['--verbose'], ['--json']]) {
      const result = await runCli(['brokers', ...args, ...extra], { env: { AMBARI_PASSWORD: password } });
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('refused the login of user "admin" (HTTP 403');
      expect(result.stderr).toContain('Hint: Check the cluster login user');
      const everything = result.stdout + result.stderr;
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(Buffer.from(`admin:${password}`).toString('base64'));
    }
  });

  it('the HDInsight gateway answering 401 is the same authentication error', async () => {
    const { sim, args } = await withCluster();
    sim.knobs.gateway401 = true;
    const result = await runCli(['brokers', ...args], { env: { AMBARI_PASSWORD: 'nope-nope' } });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('(HTTP 401');
  });

  it('reads the password from stdin with --ambari-password-stdin, never from argv', async () => {
    const { sim, args } = await withCluster();
    const result = await runCli(['brokers', ...args, '--ambari-password-stdin', '--bootstrap'], {
      input: `${sim.password}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('10.0.0.12:9092');
  });

  it('an HTML login page where JSON was expected is named for what it is', async () => {
    const { sim, args, env } = await withCluster();
    sim.knobs.loginPage = true;
    const result = await runCli(['brokers', ...args], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: The server at ${sim.url} is not the Ambari API (a login page or proxy answered`);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a GET that fails once with 500 is retried and succeeds', async () => {
    const { sim, args, env } = await withCluster();
    sim.failNext(500, { pathIncludes: '/hosts' });
    const result = await runCli(['brokers', ...args, '--bootstrap', '--verbose'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('10.0.0.12:9092,10.0.0.13:9092,10.0.0.14:9092\n');
    expect(sim.log.filter((entry) => entry.path.endsWith('/hosts')).map((entry) => entry.status)).toEqual([500, 200]);
    expect(result.stderr).toMatch(/retrying GET .*\/hosts .*HTTP 500/);
  });

  it('a server that keeps failing ends in one clear error after the retries', async () => {
    const { sim, args, env } = await withCluster();
    sim.failNext(503, { count: 10, pathIncludes: '/hosts' });
    const result = await runCli(['brokers', ...args], { env });
    expect(result.code).toBe(1);
    // The first try and three retries, then one clear error.
    expect(sim.log.filter((entry) => entry.path.endsWith('/hosts'))).toHaveLength(4);
    expect(result.stderr).toMatch(/Error: Ambari refused GET .*\/hosts.* with HTTP 503: An internal system exception occurred: simulated fault/);
  });

  it('an Ambari that never answers times out per call, with a hint', async () => {
    const { sim, args, env } = await withCluster();
    sim.knobs.hang = true;
    const result = await runCli(['brokers', ...args, '--ambari-timeout', '0.1'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/did not answer GET .* within 0\.1 s/);
    expect(result.stderr).toContain('--ambari-timeout');
  });

  it.each([
    ['SIGINT', 130, 'interrupted', 'Interrupted by Ctrl-C.'],
    ['SIGTERM', 143, 'terminated', 'Terminated (SIGTERM).'],
    ['SIGHUP', 129, 'hung-up', 'Hung up (SIGHUP).'],
  ] as const)('%s while Ambari is answering: exit %i at once, and nothing to undo', async (signal, exitCode, kind, message) => {
    const { sim, args, env } = await withCluster();
    // Ambari never answers; the signal comes the moment the request reaches it.
    sim.knobs.hang = true;
    let child: import('node:child_process').ChildProcess | undefined;
    sim.beforeRequest({ method: 'GET' }, () => child?.kill(signal));
    const result = await runCli(['brokers', ...args, '--json'], { env, onSpawn: (spawned) => (child = spawned) });
    expect(result.code).toBe(exitCode);
    const hint = 'Run the same command again: it reads the brokers again, and writes the ConfigMap only if it does not hold them yet.';
    expect(JSON.parse(result.stdout)).toEqual({ error: { kind, exitCode, message, hint } });
    expect(result.stderr).toContain(`Error: ${message}\nHint: ${hint}`);
  });

  it('a reader that left before the result (stdout closed) is exit 141, as a shell reports SIGPIPE; no trace', async () => {
    const { args, env } = await withCluster();
    const result = await runCli(['brokers', ...args], { env, onSpawn: (child) => child.stdout?.destroy() });
    expect(result.code).toBe(141);
    expect(result.stderr).not.toMatch(/    at |EPIPE/);
  });

  it('--verbose traces each call with method, URL and status, and never the password', async () => {
    const { sim, args, env } = await withCluster();
    const result = await runCli(['brokers', ...args, '--verbose'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/clusters\/kafka\/hosts\?.* → 200/);
    expect(result.stderr).not.toContain(sim.password);
  });
});
