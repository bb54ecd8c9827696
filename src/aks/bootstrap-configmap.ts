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

/**
 * Prints the ConfigMap as JSON, or nothing (exit 0) when there is none. Reading a ConfigMap in a
 * namespace that does not exist is a plain 404 for the ConfigMap, so "none" alone would let a dry run or
 * status promise a create that `kubectl apply` then refuses: when there is none, the namespace is read
 * too, and its NotFound printed (exit 1), kubectl's wording, for namespaceNotFound(). An identity that
 * may not read namespaces (Forbidden) is let through: the ConfigMap is simply missing.
 */
export function readConfigMapCommand(target: BootstrapConfigMapTarget): string {
  const namespace = shellWord(target.namespace);
  return [
    `configmap=$(kubectl get configmap ${shellWord(target.name)} -n ${namespace} -o json --ignore-not-found) || exit`,
    `if [ -z "$configmap" ]; then`,
    `  found=$(kubectl get namespace ${namespace} -o name 2>&1)`,
    `  case "$found" in *'(NotFound)'*) printf '%s\\n' "$found" >&2; exit 1;; esac`,
    `fi`,
    `printf '%s\\n' "$configmap"`,
  ].join('\n');
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
