// The broker list handed to workloads: a ConfigMap in the AKS cluster with `bootstrap.servers`, the
// port and the HDInsight cluster's name, so deployments read the broker IPs (envFrom / configMapKeyRef)
// instead of hard-coding them. Written and read with kubectl through the AKS run command; the manifest
// and the comparison are pure.
import { formatServers, type ServerAddress } from '../kafka/bootstrap.js';
import { shellWord } from '../shell-word.js';

export interface BootstrapConfigMapTarget {
  namespace: string;
  name: string;
}

export interface ConfigMapManifest {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  data: Record<string, string>;
}

export function bootstrapConfigMap(target: BootstrapConfigMapTarget, cluster: string, servers: ServerAddress[]): ConfigMapManifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: target.name,
      namespace: target.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'kafka-aks' },
    },
    data: {
      'bootstrap.servers': formatServers(servers),
      port: String(servers[0]?.port ?? ''),
      cluster,
    },
  };
}

/** Prints the ConfigMap as JSON, or nothing (exit 0) when there is none. */
export function readConfigMapCommand(target: BootstrapConfigMapTarget): string {
  return `kubectl get configmap ${shellWord(target.name)} -n ${shellWord(target.namespace)} -o json --ignore-not-found`;
}

const HEREDOC_END = 'KAFKA_AKS_EOF';

/** `kubectl apply` with the manifest as JSON on one line of a quoted here-document (no expansion). */
export function applyConfigMapCommand(manifest: ConfigMapManifest): string {
  return [`kubectl apply -n ${shellWord(manifest.metadata.namespace)} -f - <<'${HEREDOC_END}'`, JSON.stringify(manifest), HEREDOC_END].join('\n');
}

export type ConfigMapState =
  | { state: 'missing' }
  | { state: 'same' }
  | { state: 'differs'; changed: string[] };

/**
 * What is in the cluster against what should be: kubectl's JSON (or empty output for none). Only the
 * keys kafka-aks writes count: a key someone else added does not make the brokers' list stale.
 */
export function compareConfigMap(kubectlOutput: string, desired: ConfigMapManifest): ConfigMapState {
  const text = kubectlOutput.trim();
  if (text === '') return { state: 'missing' };
  let current: { kind?: unknown; data?: Record<string, unknown> };
  try {
    current = JSON.parse(text) as typeof current;
  } catch {
    throw new Error(`kubectl did not print a ConfigMap: ${text.slice(0, 200)}`);
  }
  if (current.kind !== 'ConfigMap') throw new Error(`kubectl did not print a ConfigMap: ${text.slice(0, 200)}`);
  const changed = Object.entries(desired.data)
    .filter(([key, value]) => current.data?.[key] !== value)
    .map(([key]) => key);
  return changed.length === 0 ? { state: 'same' } : { state: 'differs', changed };
}

/** The manifest as YAML, for --dry-run: people read it, and `kubectl apply -f` takes it as it is. */
export function configMapYaml(manifest: ConfigMapManifest): string {
  const quote = (value: string) => JSON.stringify(value);
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${quote(manifest.metadata.name)}`,
    `  namespace: ${quote(manifest.metadata.namespace)}`,
    '  labels:',
    ...Object.entries(manifest.metadata.labels).map(([key, value]) => `    ${quote(key)}: ${quote(value)}`),
    'data:',
    ...Object.entries(manifest.data).map(([key, value]) => `  ${quote(key)}: ${quote(value)}`),
  ].join('\n');
}
