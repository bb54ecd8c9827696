// `kafka-aks brokers --apply-configmap` in the simulated world: the broker list written into the AKS
// cluster as a ConfigMap through the AKS run command; a rerun with the same brokers writes nothing and
// says so; the content follows the brokers; --dry-run prints the manifest and writes nothing.
import { describe, expect, it } from 'vitest';
import type { World } from '../sim/world.js';
import { useWorld } from '../support/world.js';

const { begin, run } = useWorld();

const apply = (w: World, ...extra: string[]) => run(['brokers', ...w.cliArgs.clusters, '--apply-configmap', ...extra]);
const bootstrapOf = (w: World) => w.brokers.map((b) => `${b.ip}:${w.port}`).join(',');

describe('kafka-aks brokers --apply-configmap', () => {
  it('writes bootstrap.servers, the port and the cluster; a rerun writes nothing and says so', async () => {
    const w = await begin();
    const first = await apply(w);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('ConfigMap default/kafka-bootstrap in AKS cluster aks1 created.');
    expect(w.aks.configMap('default', 'kafka-bootstrap')!.data).toEqual({ 'bootstrap.servers': bootstrapOf(w), port: String(w.port), cluster: 'kafka' });
    const version = w.aks.configMap('default', 'kafka-bootstrap')!.metadata.resourceVersion;

    const second = await apply(w, '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ configMap: { action: 'unchanged', namespace: 'default', name: 'kafka-bootstrap' } });
    expect(w.aks.writes().filter((call) => call.verb === 'apply')).toHaveLength(1);
    expect(w.aks.configMap('default', 'kafka-bootstrap')!.metadata.resourceVersion).toBe(version);
    // Nothing in Azure or Ambari either: reading the list and the ConfigMap are reads.
    expect(w.writes()).toEqual({ arm: [], ambari: [] });
  });

  it('follows the brokers: stale content is updated, naming what changed', async () => {
    const w = await begin();
    w.aks.seedConfigMap({ namespace: 'default', name: 'kafka-bootstrap', data: { 'bootstrap.servers': '10.0.0.99:9092', port: '9092', cluster: 'kafka' } });
    const result = await apply(w);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('ConfigMap default/kafka-bootstrap in AKS cluster aks1 updated (bootstrap.servers, port).');
    expect(w.aks.configMap('default', 'kafka-bootstrap')!.data).toEqual({ 'bootstrap.servers': bootstrapOf(w), port: String(w.port), cluster: 'kafka' });
  });

  it('--dry-run prints the manifest and what would change, and writes nothing', async () => {
    const w = await begin();
    w.aks.addNamespace('apps');
    const result = await apply(w, '--dry-run', '--namespace', 'apps', '--configmap', 'kafka');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run: would create ConfigMap apps/kafka in AKS cluster aks1:');
    expect(result.stdout).toContain('kind: ConfigMap');
    expect(result.stdout).toContain(`"bootstrap.servers": "${bootstrapOf(w)}"`);
    expect(w.aks.writes()).toEqual([]);
  });

  it('a namespace that does not exist: exit 2 naming it, nothing written; --dry-run says so too, not "would create"', async () => {
    const w = await begin();
    for (const dryRun of [[], ['--dry-run']]) {
      const result = await apply(w, '--namespace', 'nope', ...dryRun);
      expect(result.code, result.stdout).toBe(2);
      expect(result.stderr).toContain('namespace nope does not exist in the AKS cluster');
      expect(result.stdout).not.toContain('would create');
    }
    expect(w.aks.configMap('nope', 'kafka-bootstrap')).toBeUndefined();
    expect(w.aks.writes()).toEqual([]);
  });

  it('refuses ConfigMap flags without --apply-configmap, and --apply-configmap without --aks', async () => {
    const w = await begin();
    const stray = await run(['brokers', ...w.cliArgs.ambari, '--namespace', 'apps']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--namespace applies only with --apply-configmap');
    const missing = await run(['brokers', ...w.cliArgs.ambari, '--apply-configmap']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--apply-configmap needs the AKS cluster');
    // DNS-1123 subdomains: every dot-separated part starts and ends with a letter or digit.
    for (const name of ['Bad_Name', 'a..b', 'a.-b', 'a-.b']) {
      const badName = await run(['brokers', ...w.cliArgs.clusters, '--apply-configmap', '--configmap', name]);
      expect(badName.code).toBe(2);
      expect(badName.stderr).toContain('ConfigMap names are at most 253');
    }
    expect(w.aks.writes()).toEqual([]);
  });
});
