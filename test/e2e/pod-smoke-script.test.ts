// The smoke-test pod's script, run as the pod runs it (sh, kcat, awk) against the Kafka simulator, and
// its output read and judged by the same code the CLI uses. Without AKS: this is the pod's own contract.
// kcat is not a Node process, so the network guard does not cover it: it only ever gets 127.x addresses,
// and names go through a `getent` stand-in for the pod's DNS that answers nothing (never real DNS).
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { readPodSmokeLog } from '../../src/aks/pod-smoke-log.js';
import { POD_SMOKE_SCRIPT } from '../../src/aks/pod-smoke-script.js';
import { judgePodSmoke } from '../../src/aks/pod-smoke-verdict.js';
import { parseBootstrapServers } from '../../src/kafka/bootstrap.js';
import { KafkaSimulator } from '../sim/kafka/simulator.js';
import { describeWithKcat } from '../support/kcat.js';


const shims = mkdtempSync(join(tmpdir(), 'kafka-aks-pod-dns-'));
// The pod's DNS: HDInsight's internal names do not resolve from AKS; getent says so with exit 2.
writeFileSync(join(shims, 'getent'), '#!/bin/sh\nexit 2\n');
chmodSync(join(shims, 'getent'), 0o755);

// The real image is Alpine: busybox's sh and awk, not dash and mawk. Where busybox is installed (.ci/run
// installs it), one run goes through busybox applets only, kcat aside.
const busybox = spawnSync('busybox', ['--list'], { encoding: 'utf8' });
const busyboxShims = mkdtempSync(join(tmpdir(), 'kafka-aks-busybox-'));
const hasBusybox = !busybox.error && busybox.status === 0;
if (hasBusybox) {
  const binary = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
  for (const applet of ['sh', 'awk', 'mkfifo', 'sleep', 'cut', 'tr', 'grep', 'wc', 'head', 'cat', 'mktemp', 'mkdir', 'rm', 'touch']) {
    if (!busybox.stdout.split('\n').includes(applet)) throw new Error(`busybox here has no ${applet} applet`);
    symlinkSync(binary, join(busyboxShims, applet));
  }
} else if (process.env.CI) throw new Error('busybox is missing and CI is set: .ci/run installs it (apt-get install -y busybox).');

// A loaded node: every `sh` the script starts (the consumer's and the producer's wrappers) takes half a
// second to get going, so the consumer writes its pid late.
const slowShells = mkdtempSync(join(tmpdir(), 'kafka-aks-slow-sh-'));
writeFileSync(join(slowShells, 'sh'), '#!/bin/sh\nsleep 0.5\nexec /bin/sh "$@"\n');
chmodSync(join(slowShells, 'sh'), 0o755);

function runPod(env: Record<string, string>, { viaBusybox = false, slowShell = false } = {}): Promise<{ code: number; logs: string }> {
  const path = [shims, ...(viaBusybox ? [busyboxShims] : []), ...(slowShell ? [slowShells] : []), process.env.PATH].join(':');
  return new Promise((resolve) => {
    execFile(
      viaBusybox ? join(busyboxShims, 'sh') : 'sh',
      ['-c', POD_SMOKE_SCRIPT],
      { env: { PATH: path, ...env }, timeout: 60_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, logs: stdout + stderr }),
    );
  });
}

describeWithKcat('the smoke-test pod script, with kcat against the Kafka simulator', () => {
  let kafka: KafkaSimulator;
  let run = 0;
  const env = (extra: Record<string, string> = {}) => ({
    KA_RUN: `run${(run += 1)}`,
    KA_BOOTSTRAP: kafka.bootstrap,
    KA_TOPIC: 'pod-smoke',
    KA_COUNT: '300',
    KA_BYTES: '100',
    KA_TIMEOUT_S: '20',
    KA_PROBE_S: '3',
    ...extra,
  });
  const judge = (logs: string, runId: string, topicCreated = false) =>
    judgePodSmoke(
      { runId, pod: `kafka-aks-smoke-${runId}`, namespace: 'default', image: 'kcat', log: readPodSmokeLog(logs, runId) },
      {
        servers: (parseBootstrapServers(kafka.bootstrap) as { servers: [] }).servers,
        topic: 'pod-smoke',
        messages: 300,
        recordBytes: 100,
        topicCreated,
        aks: { name: 'aks1', resourceGroup: 'aks-rg' },
        clusterName: 'kafka',
        statusCommand: 'kafka-aks status',
      },
    );

  beforeAll(async () => {
    kafka = await KafkaSimulator.start({ brokers: 3, firstAddress: '127.0.1.70' });
  });
  beforeEach(() => kafka.knobs.reset());
  afterAll(async () => {
    await kafka?.stop();
    rmSync(shims, { recursive: true, force: true });
    rmSync(busyboxShims, { recursive: true, force: true });
    rmSync(slowShells, { recursive: true, force: true });
  });

  it('says the topic is missing rather than producing into nothing (kcat cannot create it)', async () => {
    const vars = env({ KA_TOPIC: 'not-created-yet' });
    const { logs } = await runPod(vars);
    expect(logs).toContain('KAFKA-AKS topic-missing');
    expect(judge(logs, vars.KA_RUN)).toBe('topic-missing');
  });

  it('produces and consumes every message back once, and the verdict passes', async () => {
    kafka.createTopic('pod-smoke', 3, 3);
    const vars = env();
    const { code, logs } = await runPod(vars);
    expect(code).toBe(0);
    const log = readPodSmokeLog(logs, vars.KA_RUN);
    expect(log.ended).toBe(true);
    expect(log.brokers.map((b) => [b.id, b.ipLiteral, b.tcp?.ok])).toEqual(kafka.brokerIds().map((id) => [id, true, true]));
    expect(log.verdict).toMatchObject({ delivered: 300, lost: 0, duplicated: 0, corrupted: 0, outOfOrder: 0 });
    expect(log.verdict!.latencyHistogram.reduce((n, [, count]) => n + count, 0)).toBe(300);
    const judged = judge(logs, vars.KA_RUN);
    if (judged === 'topic-missing') throw new Error('topic missing');
    expect(judged.failure).toBeUndefined();
    expect(judged.report).toMatchObject({ records: 300, lost: 0, duplicated: 0, passed: true, topic: { partitions: 3, replicationFactor: 3 } });
    expect(judged.report.brokers).toHaveLength(3);
  }, 60_000);

  it.skipIf(!hasBusybox)('passes the same way with busybox sh and awk, as in the Alpine kcat image', async () => {
    const vars = env();
    const { code, logs } = await runPod(vars, { viaBusybox: true });
    expect(code).toBe(0);
    expect(readPodSmokeLog(logs, vars.KA_RUN).verdict).toMatchObject({ delivered: 300, lost: 0, duplicated: 0, corrupted: 0, outOfOrder: 0 });
  }, 60_000);

  it('waits for a consumer slow to start instead of taking it for gone', async () => {
    kafka.createTopic('pod-smoke-slow', 3, 3);
    const vars = env({ KA_TOPIC: 'pod-smoke-slow' });
    const { code, logs } = await runPod(vars, { slowShell: true });
    expect(readPodSmokeLog(logs, vars.KA_RUN).consumerNotReady).toBeUndefined();
    expect(code, logs).toBe(0);
    expect(readPodSmokeLog(logs, vars.KA_RUN).verdict).toMatchObject({ delivered: 300, lost: 0 });
  }, 60_000);

  it('counts a batch the broker appended twice as duplicated, and fails the verdict', async () => {
    kafka.knobs.duplicateNextBatch({ topic: 'pod-smoke' });
    const vars = env();
    const { logs } = await runPod(vars);
    const log = readPodSmokeLog(logs, vars.KA_RUN);
    expect(log.verdict!.duplicated).toBeGreaterThan(0);
    expect(log.verdict!.lost).toBe(0);
    const judged = judge(logs, vars.KA_RUN);
    if (judged === 'topic-missing') throw new Error('topic missing');
    expect(judged.failure?.exitCode).toBe(4);
    expect(judged.failure?.message).toMatch(/duplicated/);
  }, 60_000);

  it('reports brokers that advertise names the pod cannot resolve, before producing: exit 4 with the configure-advertising hint', async () => {
    const [first] = kafka.brokerIds();
    kafka.setAdvertised(first!, 'wn0-kafka.abc.cx.internal.cloudapp.net');
    try {
      const vars = env();
      const { logs } = await runPod(vars);
      const log = readPodSmokeLog(logs, vars.KA_RUN);
      expect(log.ended).toBe(true);
      expect(log.verdict).toBeUndefined();
      expect(log.brokers.find((b) => b.id === first)?.resolution.ok).toBe(false);
      let thrown: unknown;
      try {
        judge(logs, vars.KA_RUN);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ exitCode: 4, message: expect.stringMatching(/does not resolve from pods in AKS cluster aks1/) });
      expect((thrown as { hint: string }).hint).toMatch(/configure-advertising --cluster kafka/);
    } finally {
      kafka.setAdvertised(first!, kafka.brokers().find((b) => b.id === first)!.listen.split(':')[0]!);
    }
  }, 60_000);

  it('names the bootstrap servers when none answers, and points at the status checks', async () => {
    const vars = env({ KA_BOOTSTRAP: '127.0.1.99:9', KA_PROBE_S: '1' });
    const { logs } = await runPod(vars);
    let thrown: unknown;
    try {
      judge(logs, vars.KA_RUN);
    } catch (error) {
      thrown = error;
    }
    expect(readPodSmokeLog(logs, vars.KA_RUN).bootstrapFailed).toBeDefined();
    expect(thrown).toMatchObject({ exitCode: 1, message: expect.stringMatching(/No bootstrap server .* answered from pods in AKS cluster aks1/) });
    expect((thrown as { hint: string }).hint).toContain('kafka-aks status');
  }, 30_000);
});
