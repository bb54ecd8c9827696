// The bootstrap ConfigMap's pure parts: the manifest, the comparison with what kubectl prints, the
// apply command as a shell hands it to kubectl, and the YAML --dry-run prints.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfigMapCommand, bootstrapConfigMap, compareConfigMap, configMapYaml, readConfigMapCommand } from '../../src/aks/bootstrap-configmap.js';
import { namespaceNotFound } from '../../src/aks/kubectl.js';

const servers = [
  { host: '10.0.0.12', port: 9092 },
  { host: '10.0.0.13', port: 9092 },
];
const desired = bootstrapConfigMap({ namespace: 'apps', name: 'kafka-bootstrap' }, 'mykafka', servers);

describe('the bootstrap ConfigMap', () => {
  it('holds bootstrap.servers, the port and the cluster', () => {
    expect(desired.data).toEqual({ 'bootstrap.servers': '10.0.0.12:9092,10.0.0.13:9092', port: '9092', cluster: 'mykafka' });
    expect(desired.metadata).toMatchObject({ name: 'kafka-bootstrap', namespace: 'apps' });
  });

  it('is the same when the cluster holds the same data, whatever else it holds', () => {
    const inCluster = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka-bootstrap', resourceVersion: '7' }, data: { ...desired.data, extra: 'kept' } };
    expect(compareConfigMap(JSON.stringify(inCluster), desired)).toEqual({ state: 'same' });
  });

  it('names the keys that differ, and says missing for no output', () => {
    const inCluster = { kind: 'ConfigMap', data: { ...desired.data, 'bootstrap.servers': '10.0.0.12:9092' } };
    expect(compareConfigMap(JSON.stringify(inCluster), desired)).toEqual({ state: 'differs', changed: ['bootstrap.servers'] });
    expect(compareConfigMap('\n', desired)).toEqual({ state: 'missing' });
  });

  it('refuses output that is not a ConfigMap rather than calling it different', () => {
    expect(() => compareConfigMap('error: You must be logged in to the server', desired)).toThrow(/did not print a ConfigMap/);
    expect(() => compareConfigMap('{"kind":"Pod"}', desired)).toThrow(/did not print a ConfigMap/);
  });

  it('reaches kubectl apply as the manifest on stdin, through the shell of the run command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-aks-apply-'));
    try {
      writeFileSync(join(dir, 'kubectl'), '#!/bin/sh\necho "ARGS $*"\ncat\n');
      chmodSync(join(dir, 'kubectl'), 0o755);
      const tricky = bootstrapConfigMap({ namespace: 'apps', name: 'kafka-bootstrap' }, "it's $(not) `run`", servers);
      const output = execFileSync('bash', ['-c', applyConfigMapCommand(tricky)], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
      const [args, manifest] = output.split('\n');
      expect(args).toBe('ARGS apply -n apps -f -');
      expect(JSON.parse(manifest!)).toEqual(tricky);
      expect(execFileSync('bash', ['-c', readConfigMapCommand(tricky.metadata)], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' })).toBe(
        'ARGS get configmap kafka-bootstrap -n apps -o json --ignore-not-found\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the namespace only when there is no ConfigMap: its NotFound fails the read, a Forbidden does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-aks-read-'));
    const read = (namespaceAnswer: string) => {
      // No ConfigMap (--ignore-not-found prints nothing); the namespace read answers as given, exit 1.
      writeFileSync(join(dir, 'kubectl'), `#!/bin/sh\ncase "$2" in namespace) echo '${namespaceAnswer}' >&2; exit 1;; esac\n`);
      chmodSync(join(dir, 'kubectl'), 0o755);
      return spawnSync('bash', ['-c', readConfigMapCommand({ namespace: 'apps', name: 'kafka-bootstrap' })], {
        env: { PATH: `${dir}:/usr/bin:/bin` },
        encoding: 'utf8',
      });
    };
    try {
      const missing = read('Error from server (NotFound): namespaces "apps" not found');
      expect(missing.status).toBe(1);
      expect(namespaceNotFound(missing.stderr)).toBe(true);
      const forbidden = read('Error from server (Forbidden): namespaces "apps" is forbidden: User "u" cannot get resource "namespaces"');
      expect(forbidden.status).toBe(0);
      expect(compareConfigMap(forbidden.stdout, desired)).toEqual({ state: 'missing' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints as YAML that reads back to the same manifest', () => {
    const yaml = configMapYaml(desired);
    expect(yaml).toContain('kind: ConfigMap');
    expect(yaml).toContain('"bootstrap.servers": "10.0.0.12:9092,10.0.0.13:9092"');
    // Every scalar is a JSON string, which YAML reads as the same string.
    for (const value of Object.values(desired.data)) expect(yaml).toContain(JSON.stringify(value));
  });
});
