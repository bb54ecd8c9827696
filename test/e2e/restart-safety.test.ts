// configure-advertising when things go wrong around the restart: Ctrl-C at every Ambari call after the
// configuration write, two runs at once, a restart someone else already has running, a restart that
// never ends, a gateway login page while following a restart. In each case the cluster is left in a
// state the message describes exactly, and running the same command again finishes the job without
// restarting any broker twice.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { restartFromTheUi } from '../sim/ambari/requests.js';
import { desiredConfig, hdinsightKafkaCluster, type SimCluster } from '../sim/ambari/model.js';
import type { AmbariSimulator, LoggedRequest } from '../sim/ambari/server.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runCli, type CliResult } from '../support/cli.js';

let ambari: AmbariFixture | undefined;
afterEach(async () => {
  await ambari?.sim.stop();
  ambari = undefined;
});

async function withCluster(workers = 3): Promise<AmbariFixture> {
  ambari = await startAmbari({ clusters: [hdinsightKafkaCluster({ workers, workerIp: (n) => `127.0.2.${10 + n}` })] });
  return ambari;
}

const fast = ['--poll-interval', '0.01', '--rolling-pause', '0'];

function configure(fixture: AmbariFixture, extra: string[] = [], onSpawn?: (child: ChildProcess) => void): Promise<CliResult> {
  return runCli(['configure-advertising', ...fixture.args, ...fast, '--yes', ...extra], { env: fixture.env, onSpawn });
}

const kafkaService = (cluster: SimCluster) => cluster.services.find((s) => s.name === 'KAFKA')!;
const isConfigWrite = (w: LoggedRequest) => w.method === 'PUT' && /\/clusters\/[^/]+$/.test(w.path);
const restartPosts = (sim: AmbariSimulator) => sim.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/requests'));
const maintenanceStates = (sim: AmbariSimulator) =>
  sim.writes().filter((w) => w.path.endsWith('/services/KAFKA')).map((w) => JSON.parse(w.body).Body.ServiceInfo.maintenance_state as string);
const staleBrokers = (cluster: SimCluster) =>
  cluster.hostComponents.filter((hc) => hc.component === 'KAFKA_BROKER' && Object.entries(hc.actualTags).some(([t, tag]) => cluster.desiredTags.get(t) !== tag));

/** Two restart tasks of one broker whose runs overlap in (simulated) time: the broker restarted twice at once. */
function overlappingRestarts(cluster: SimCluster): string[] {
  const tasks = cluster.requests.flatMap((r) => r.tasks.filter((t) => t.startTime >= 0));
  return tasks.flatMap((a, i) =>
    tasks.slice(i + 1).filter((b) => a.host === b.host && a.startTime <= (b.endTime < 0 ? Infinity : b.endTime) && b.startTime <= (a.endTime < 0 ? Infinity : a.endTime)).map(() => a.host),
  );
}

/** Resolves when the child's stderr has said `text`. */
function stderrSays(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer | string) => {
      seen += String(chunk);
      if (seen.includes(text)) resolve();
    });
  });
}

/** A call as the test names it: method, path and the fields asked for, and which occurrence it is. */
interface Call {
  method: string;
  path?: string;
  pathIncludes?: string;
  queryIncludes: string;
  nth: number;
  label: string;
}

/** Every Ambari call of a clean run from the configuration write to the end, as the simulator logged them. */
async function callsFromTheWriteOn(): Promise<Call[]> {
  const fixture = await withCluster();
  expect((await configure(fixture)).code).toBe(0);
  const log = fixture.sim.log;
  const start = log.findIndex(isConfigWrite);
  const seen = new Map<string, number>();
  const calls: Call[] = [];
  for (const [index, entry] of log.entries()) {
    // The tags kafka-aks writes carry a time stamp, and request ids differ from run to run: match a call
    // by what stays the same ("the nth GET of a request", "the nth read of kafka-env").
    const query = decodeURIComponent(entry.query).split('&').filter((part) => !part.startsWith('tag=')).join('&');
    const poll = /\/requests\/\d+$/.test(entry.path);
    const key = `${entry.method} ${poll ? entry.path.replace(/\d+$/, '<id>') : entry.path}?${query}`;
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    if (index < start) continue;
    calls.push({ method: entry.method, ...(poll ? { pathIncludes: '/requests/' } : { path: entry.path }), queryIncludes: query, nth, label: `${key.slice(0, 110)} #${nth}` });
  }
  await fixture.sim.stop();
  return calls;
}

describe('Ctrl-C at every Ambari call from the configuration write to the end', async () => {
  const calls = await callsFromTheWriteOn();

  it('the run has the calls this test means to interrupt', () => {
    const labels = calls.map((c) => c.label).join('\n');
    expect(labels).toMatch(/^PUT \/api\/v1\/clusters\/kafka\?/);
    expect(labels).toContain('PUT /api/v1/clusters/kafka/services/KAFKA? #1');
    expect(labels).toContain('POST /api/v1/clusters/kafka/requests? #1');
    expect(labels).toContain('PUT /api/v1/clusters/kafka/services/KAFKA? #2');
  });

  // The request lands; its answer is held until the CLI has taken the Ctrl-C: the worst moment, when
  // the CLI cannot know whether its write happened.
  it.each(calls.map((call) => [call.label, call]))('%s', async (_label, call) => {
    const fixture = await withCluster();
    const { sim } = fixture;
    let child: ChildProcess | undefined;
    sim.beforeAnswer(call, async () => {
      const acknowledged = stderrSays(child!, 'Stopping:');
      child!.kill('SIGINT');
      await acknowledged;
    });
    const interrupted = await configure(fixture, [], (spawned) => (child = spawned));
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).not.toMatch(/Unexpected|    at /);
    // Never the bare "Interrupted by Ctrl-C.": always where it happened, so what state the cluster is in.
    expect(interrupted.stderr).toMatch(/Error: Interrupted by Ctrl-C (while|after|before) /);
    const cluster = sim.cluster();
    expect(kafkaService(cluster).maintenance).toBe('OFF');
    // Once maintenance mode was touched, the message says where it stands.
    if (maintenanceStates(sim).length > 0) expect(interrupted.stderr).toMatch(/maintenance mode is OFF/i);
    expect(maintenanceStates(sim).at(-1) ?? 'OFF').toBe('OFF');

    const resumed = await configure(fixture);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(staleBrokers(cluster)).toEqual([]);
    expect(overlappingRestarts(cluster)).toEqual([]);
    expect(kafkaService(cluster).maintenance).toBe('OFF');
    for (const host of cluster.hosts.filter((h) => h.name.startsWith('wn'))) {
      expect(sim.brokerRuntime(host.name).serverProperties['advertised.listeners']).toBe(`PLAINTEXT://${host.ip}:9092`);
    }
  });
});

/** Hold the first call matching `call` until the second arrives: two runs made to meet at one moment. */
function meetAt(sim: AmbariSimulator, call: { method: string; path: string }): void {
  let secondArrived!: () => void;
  const second = new Promise<void>((resolve) => (secondArrived = resolve));
  sim.beforeRequest({ ...call, nth: 1 }, () => second);
  sim.beforeRequest({ ...call, nth: 2 }, () => secondArrived());
}

describe('two runs at once', () => {
  /** Both runs passed every check before their configuration writes. */
  const meetAtTheWrite = (sim: AmbariSimulator) => meetAt(sim, { method: 'PUT', path: '/api/v1/clusters/kafka' });

  async function both(fixture: AmbariFixture, first: string[], second: string[]): Promise<{ winner: CliResult; loser: CliResult }> {
    const results = await Promise.all([configure(fixture, first), configure(fixture, second)]);
    expect(results.map((r) => r.code).sort(), results.map((r) => r.stderr).join('\n---\n')).toEqual([0, 1]);
    return { winner: results.find((r) => r.code === 0)!, loser: results.find((r) => r.code === 1)! };
  }

  it('the same change twice: one run writes and restarts; the other stops before maintenance mode and restarts nothing', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    meetAtTheWrite(sim);
    const { loser } = await both(fixture, [], []);
    expect(loser.stderr).toContain('Another change was made since this run read the Kafka configuration');
    expect(loser.stderr).toContain("already holds this run's change. This run restarted nothing.");
    expect(restartPosts(sim)).toHaveLength(1);
    expect(maintenanceStates(sim)).toEqual(['ON', 'OFF']);
    expect(overlappingRestarts(sim.cluster())).toEqual([]);
    expect(staleBrokers(sim.cluster())).toEqual([]);
  });

  it('two different changes: the run whose write came second says which version it replaced, and restarts nothing', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    meetAtTheWrite(sim);
    const { loser } = await both(fixture, [], ['--port', '9093']);
    const versions = sim.cluster().serviceConfigVersions.filter((v) => v.service === 'KAFKA');
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(loser.stderr).toContain("was saved just before this run's version 3, which was built on the older configuration and replaced it");
    expect(loser.stderr).toContain('make version 2 current again');
    expect(restartPosts(sim)).toHaveLength(1);
    expect(maintenanceStates(sim)).toEqual(['ON', 'OFF']);
    expect(overlappingRestarts(sim.cluster())).toEqual([]);
  });
});

describe('two runs that both find the configuration written and the brokers behind', () => {
  /** Neither run saw the other's restart running before posting its own. */
  const meetAtTheRestart = (sim: AmbariSimulator) => meetAt(sim, { method: 'POST', path: '/api/v1/clusters/kafka/requests' });

  /** How many times each broker's restart task started. */
  const restartsPerBroker = (cluster: SimCluster) =>
    Object.fromEntries(brokerNames(cluster).map((host) => [host, cluster.requests.flatMap((r) => r.tasks).filter((t) => t.host === host && t.startTime >= 0).length]));
  const brokerNames = (cluster: SimCluster) => cluster.hosts.filter((h) => h.name.startsWith('wn')).map((h) => h.name);

  it.each([
    ['all at once', [], []],
    ['rolling beside all at once', ['--rolling'], []],
  ] as const)('%s: the later restart request is aborted before it starts and the earlier one followed, so each broker restarts once', async (_label, first, second) => {
    const fixture = await withCluster();
    const { sim } = fixture;
    expect((await configure(fixture, ['--no-restart'])).code).toBe(0);
    // A restart lasts minutes on a real cluster, and the simulator's clock moves one step per poll: the
    // earlier restart must outlast the few calls the later run makes before it looks (under load too).
    sim.cluster().restarts.steps = 20;
    meetAtTheRestart(sim);
    const results = await Promise.all([configure(fixture, [...first]), configure(fixture, [...second])]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const cluster = sim.cluster();
    expect(restartsPerBroker(cluster)).toEqual(Object.fromEntries(brokerNames(cluster).map((host) => [host, 1])));
    const [earlier, later] = [...cluster.requests].sort((a, b) => a.id - b.id);
    expect(later!.tasks.every((t) => t.status === 'ABORTED' && t.startTime < 0)).toBe(true);
    expect(results.map((r) => r.stderr).join('\n')).toContain(`started restarting these brokers just before this run's request ${later!.id}: following it instead`);
    expect(earlier!.tasks.every((t) => t.status === 'COMPLETED')).toBe(true);
    expect(staleBrokers(cluster)).toEqual([]);
    expect(kafkaService(cluster).maintenance).toBe('OFF');
  });
});

describe('a restart already running in Ambari', () => {
  it('is followed, not doubled: no restart of our own, no maintenance change, and the brokers end up right', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    expect((await configure(fixture, ['--no-restart'])).code).toBe(0);
    const theirs = restartFromTheUi(sim.cluster(), 3);
    const result = await configure(fixture);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Ambari request ${theirs.id} ("Restart all components with Stale Configs for Kafka") is already restarting Kafka brokers`);
    expect(restartPosts(sim)).toEqual([]);
    expect(maintenanceStates(sim)).toEqual([]);
    expect(staleBrokers(sim.cluster())).toEqual([]);
    expect(overlappingRestarts(sim.cluster())).toEqual([]);
  });

  it('Ctrl-C while following it: exit 130, the request named as not ours and still running, maintenance untouched', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    expect((await configure(fixture, ['--no-restart'])).code).toBe(0);
    const theirs = restartFromTheUi(sim.cluster(), 3);
    let child: ChildProcess | undefined;
    sim.beforeAnswer({ method: 'GET', path: `/api/v1/clusters/kafka/requests/${theirs.id}` }, async () => {
      const acknowledged = stderrSays(child!, 'Stopping:');
      child!.kill('SIGINT');
      await acknowledged;
    });
    const result = await configure(fixture, [], (spawned) => (child = spawned));
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`Interrupted by Ctrl-C while following Ambari request ${theirs.id}.`);
    expect(result.stderr).toContain('which this run did not start, goes on in Ambari');
    expect(maintenanceStates(sim)).toEqual([]);
  });
});

describe('--restart-timeout', () => {
  it('stops following a restart that never ends: exit 1, the request named, maintenance OFF; the next run finishes it', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    const cluster = sim.cluster();
    cluster.restarts.steps = 1_000_000;
    const result = await configure(fixture, ['--restart-timeout', '300ms']);
    expect(result.code).toBe(1);
    const id = cluster.requests[0]!.id;
    expect(result.stderr).toContain(`Ambari request ${id} is still IN_PROGRESS after 0.3 s: kafka-aks stopped following it; it goes on in Ambari`);
    expect(result.stderr).toContain('Maintenance mode is OFF again.');
    expect(result.stderr).toContain('Run the same command again to finish');
    expect(kafkaService(cluster).maintenance).toBe('OFF');

    // The request ends by itself a few steps from now; the next run follows it and starts no other.
    for (const task of cluster.requests[0]!.tasks) task.stepsLeft = 2;
    const resumed = await configure(fixture);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Ambari request ${id} (`);
    expect(restartPosts(sim)).toHaveLength(1);
    expect(staleBrokers(cluster)).toEqual([]);
  });
});

describe('a gateway login page while following the restart', () => {
  it('once: retried like a 5xx, and the run finishes', async () => {
    const fixture = await withCluster();
    fixture.sim.loginPageNext({ method: 'GET', pathIncludes: '/requests/' });
    const result = await configure(fixture);
    expect(result.code, result.stderr).toBe(0);
    expect(fixture.sim.log.some((entry) => entry.path.includes('/requests/') && entry.status === 200)).toBe(true);
    expect(staleBrokers(fixture.sim.cluster())).toEqual([]);
  });

  it('for good: exit 1 saying the request still runs in Ambari and how to finish, not to check --ambari-url', async () => {
    const fixture = await withCluster();
    const { sim } = fixture;
    sim.loginPageNext({ method: 'GET', pathIncludes: '/requests/', count: 1000 });
    const result = await configure(fixture);
    expect(result.code).toBe(1);
    const id = sim.cluster().requests[0]!.id;
    expect(result.stderr).toContain('though it answered as Ambari earlier in this run');
    expect(result.stderr).toContain(`(while following Ambari request ${id}, which goes on in Ambari)`);
    expect(result.stderr).toContain('Run the same command again to finish');
    expect(result.stderr).not.toContain('Check --ambari-url');
    expect(kafkaService(sim.cluster()).maintenance).toBe('OFF');
  });
});

describe('Ctrl-C between brokers of a rolling restart', () => {
  it('says which brokers were not restarted yet, and does not claim a finished request may still run', async () => {
    const fixture = await withCluster();
    let child: ChildProcess | undefined;
    const result = await configure(fixture, ['--rolling', '--rolling-pause', '3600'], (spawned) => {
      child = spawned;
      void stderrSays(spawned, 'Pausing 3600 s before the next broker').then(() => child!.kill('SIGINT'));
    });
    expect(result.code).toBe(130);
    const [, wn1, wn2] = fixture.sim.cluster().hosts.filter((h) => h.name.startsWith('wn')).map((h) => h.name);
    expect(result.stderr).toContain(`Not restarted yet: ${wn1}, ${wn2}.`);
    expect(result.stderr).toContain('Maintenance mode is OFF again.');
    expect(result.stderr).not.toMatch(/may still be running|still running in Ambari/);
  });
});

describe('--dry-run', () => {
  it('shows what each broker advertises now and what it would after the change', async () => {
    const fixture = await withCluster();
    const result = await runCli(['configure-advertising', ...fixture.args, '--dry-run'], { env: fixture.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ADVERTISES NOW +AFTER THE CHANGE/);
    const wn0 = fixture.sim.cluster().hosts.find((h) => h.name.startsWith('wn0'))!;
    expect(result.stdout).toMatch(new RegExp(`PLAINTEXT://${wn0.name.replace(/\./g, '\\.')}:9092 +PLAINTEXT://${wn0.ip.replace(/\./g, '\\.')}:9092`));
    expect(desiredConfig(fixture.sim.cluster(), 'kafka-broker')!.tag).toBe('INITIAL');
  });
});
