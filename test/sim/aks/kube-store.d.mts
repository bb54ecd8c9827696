// Types of kube-store.mjs (plain JavaScript, shared with the kubectl stand-in).

export const DEFAULT_NAMESPACES: string[];

export type ContainerState =
  | { waiting: { reason: string; message: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; startedAt: string; finishedAt: string } };

/** A pod as the simulated cluster records it; `kubectl get pod -o json` renders it as a Pod. */
export interface SimPod {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  image: string;
  command: string[];
  env: { name: string; value: string }[];
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  state: ContainerState;
  /** The container's process (and process group) on this machine, while it runs. */
  pid: number | undefined;
  creationTimestamp: string;
}

/** A ConfigMap as the API server returns it. */
export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
}

/** What a ConfigMap is made of; the store adds uid, resourceVersion and creationTimestamp. */
export type ConfigMapFields = Pick<ConfigMap['metadata'], 'name' | 'namespace' | 'labels' | 'annotations'> & Pick<ConfigMap, 'data'>;

export class KubeStore {
  constructor(dir: string);
  readonly dir: string;
  init(): this;
  namespaces(): string[];
  hasNamespace(namespace: string): boolean;
  addNamespace(namespace: string): void;
  removeNamespace(namespace: string): void;
  pod(namespace: string, name: string): SimPod | undefined;
  pods(): SimPod[];
  putPod(pod: SimPod): void;
  removePod(namespace: string, name: string): boolean;
  configMap(namespace: string, name: string): ConfigMap | undefined;
  configMaps(): ConfigMap[];
  putConfigMap(fields: ConfigMapFields): ConfigMap;
  removeConfigMap(namespace: string, name: string): boolean;
  pullFailures(): string[];
  setPullFailures(images: Iterable<string>): void;
  podRunningWaitMs(): number;
  setPodRunningWaitMs(ms: number): void;
  podDns(): Record<string, string>;
  setPodDns(table: Record<string, string>): void;
  readonly podHostsFile: string;
}

export function timestamp(date?: Date): string;
