// The pieces of `smoke-test --in-aks` that are pure: the kubectl command line (quoted for the run
// command's shell), reading the pod's lines out of kubectl's, and percentiles from the pod's histogram.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deletePodCommand, runPodCommand } from '../../src/aks/kubectl.js';
import { shellWord } from '../../src/shell-word.js';
import { readPodSmokeLog } from '../../src/aks/pod-smoke-log.js';
import { POD_SMOKE_SCRIPT } from '../../src/aks/pod-smoke-script.js';

describe('the kubectl command line', () => {
  it('reaches kubectl word for word through a shell, whatever the values hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-aks-kubectl-'));
    try {
      // A kubectl that prints each argument on a line of its own, NUL-separated to keep newlines visible.
      // Every invocation is also noted in calls, one line each.
      writeFileSync(
        join(dir, 'kubectl'),
        `#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done\necho "$*" | head -c 80 >> ${dir}/calls; echo >> ${dir}/calls\n[ "$1" = run ] && exit 7\nexit 0\n`,
      );
      chmodSync(join(dir, 'kubectl'), 0o755);
      const nasty = `it's $(rm -rf /) \`x\` "q" \\ ; | & \n new line`;
      const command = runPodCommand({
        pod: 'kafka-aks-smoke-abc',
        namespace: 'default',
        image: 'edenhill/kcat:1.7.1',
        labels: { 'app.kubernetes.io/managed-by': 'kafka-aks' },
        env: { KA_TOPIC: nasty },
        startTimeoutS: 30,
        command: ['sh', '-c', POD_SMOKE_SCRIPT],
      });
      let output = '';
      try {
        execFileSync('bash', ['-c', command], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
      } catch (error) {
        output = (error as { stdout: string }).stdout;
      }
      const words = output.split('\0');
      expect(words.slice(0, 4)).toEqual(['run', 'kafka-aks-smoke-abc', '-n', 'default']);
      expect(words).toContain(`--env=KA_TOPIC=${nasty}`);
      expect(words[words.indexOf('--') + 3]).toBe(POD_SMOKE_SCRIPT);
      // kubectl failed (7): the wrapper prints the pod's state, deletes it, and keeps the exit code.
      expect(output).toContain('KAFKA-AKS pod-json');
      expect(output).toContain('KAFKA-AKS kubectl-exit 7');
      expect(readFileSync(join(dir, 'calls'), 'utf8')).toMatch(/^delete pod kafka-aks-smoke-abc -n default --ignore-not-found --wait=false$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes only what needs it', () => {
    expect(shellWord('kafka-aks-smoke')).toBe('kafka-aks-smoke');
    expect(shellWord("a'b")).toBe(`'a'\\''b'`);
    expect(shellWord('')).toBe("''");
    expect(deletePodCommand('p', 'ns')).toBe('kubectl delete pod p -n ns --ignore-not-found --wait=false');
  });
});

describe("reading the pod's lines", () => {
  const pass = [
    'KAFKA-AKS begin r1',
    'KAFKA-AKS broker 1001 10.0.0.12:9092 1',
    'KAFKA-AKS resolve 1001 ok 10.0.0.12 ip-literal',
    'KAFKA-AKS connect 1001 ok',
    'KAFKA-AKS broker 1002 wn1-kafka.x.internal.cloudapp.net:9092 0',
    'KAFKA-AKS resolve 1002 ok 10.0.0.13 dns',
    'KAFKA-AKS connect 1002 fail % ERROR: Failed to acquire metadata: Local: Broker transport failure (Are the brokers reachable?)',
    'KAFKA-AKS topic 3 2',
    'KAFKA-AKS produced 0 0',
    'KAFKA-AKS verdict delivered=98 lost=2 duplicated=1 corrupted=0 outoforder=0 foreign=4 elapsedms=640',
    'KAFKA-AKS lost-examples 7,9',
    'KAFKA-AKS latency 40:50 30:48',
    'KAFKA-AKS end r1',
    'pod "kafka-aks-smoke-r1" deleted from default namespace',
    'KAFKA-AKS kubectl-exit 0',
  ].join('\n');

  it('reads brokers, their checks, the topic and the verdict, and leaves kubectl its own lines', () => {
    const log = readPodSmokeLog(pass, 'r1');
    expect(log).toMatchObject({ began: true, ended: true, topic: { partitions: 3, replicationFactor: 2 }, kubectlExit: 0 });
    expect(log.brokers[0]).toMatchObject({ id: 1001, host: '10.0.0.12', port: 9092, controller: true, ipLiteral: true, tcp: { ok: true } });
    expect(log.brokers[1]).toMatchObject({ id: 1002, ipLiteral: false, resolution: { ok: true, address: '10.0.0.13', via: 'dns' } });
    expect(log.brokers[1]!.tcp).toEqual({ ok: false, error: 'Failed to acquire metadata: Local: Broker transport failure', code: undefined });
    expect(log.verdict).toEqual({
      delivered: 98, lost: 2, duplicated: 1, corrupted: 0, outOfOrder: 0, foreign: 4, elapsedMs: 640,
      lostExamples: [7, 9], latencyHistogram: [[40, 50], [30, 48]],
    });
    expect(log.kubectlLines).toEqual(['pod "kafka-aks-smoke-r1" deleted from default namespace']);
  });

  it("ignores another run's lines and tells a log cut before the end", () => {
    const cut = pass.slice(0, pass.indexOf('KAFKA-AKS verdict'));
    expect(readPodSmokeLog(cut, 'r1')).toMatchObject({ began: true, ended: false, verdict: undefined });
    expect(readPodSmokeLog(pass, 'other')).toMatchObject({ began: false, ended: false });
  });

  it("reads the pod's state that the wrapper prints when kubectl failed", () => {
    const failed = [
      'error: timed out waiting for the condition',
      'KAFKA-AKS pod-json',
      JSON.stringify({ status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } } }] } }, null, 2),
      'KAFKA-AKS pod-json-end',
      'KAFKA-AKS kubectl-exit 1',
    ].join('\n');
    const log = readPodSmokeLog(failed, 'r1');
    expect(log.began).toBe(false);
    expect(log.kubectlExit).toBe(1);
    expect(log.pod).toMatchObject({ status: { containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] } });
    expect(log.kubectlLines).toEqual(['error: timed out waiting for the condition']);
  });
});
