// The simulated AKS cluster's API-server state, kept in a directory so that every `kubectl` stand-in
// process (kubectl.mjs, started by run commands) and the ARM simulator (run-commands.ts, in the test
// process) see the same pods, ConfigMaps, namespaces and knobs. Each object is one JSON file, written
// atomically (write to a temporary name, then rename), so a reader never sees half a file.
//
// Plain JavaScript on purpose: the stand-in runs under plain `node`, without a TypeScript loader.
// Types: kube-store.d.mts.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Namespaces every AKS cluster has; aks-command is where AKS starts the run-command pods. */
export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'aks-command'];

export class KubeStore {
  constructor(dir) {
    this.dir = dir;
  }

  /** A fresh cluster: the default namespaces, no pods, no ConfigMaps, every image pulls. */
  init() {
    for (const sub of ['pods', 'configmaps']) mkdirSync(join(this.dir, sub), { recursive: true });
    if (!existsSync(this.file('namespaces.json'))) this.write('namespaces.json', DEFAULT_NAMESPACES);
    return this;
  }

  namespaces() {
    return this.read('namespaces.json') ?? [];
  }

  hasNamespace(namespace) {
    return this.namespaces().includes(namespace);
  }

  addNamespace(namespace) {
    if (!this.hasNamespace(namespace)) this.write('namespaces.json', [...this.namespaces(), namespace]);
  }

  removeNamespace(namespace) {
    this.write('namespaces.json', this.namespaces().filter((n) => n !== namespace));
  }

  pod(namespace, name) {
    return this.read(join('pods', key(namespace, name)));
  }

  pods() {
    return this.all('pods');
  }

  putPod(pod) {
    this.write(join('pods', key(pod.namespace, pod.name)), pod);
  }

  /** True when it was there. */
  removePod(namespace, name) {
    return this.remove(join('pods', key(namespace, name)));
  }

  configMap(namespace, name) {
    return this.read(join('configmaps', key(namespace, name)));
  }

  configMaps() {
    return this.all('configmaps');
  }

  /**
   * Stores a ConfigMap as the API server would: uid and creationTimestamp at creation, a new
   * resourceVersion whenever it changes. `fields` holds name, namespace, labels, annotations and data.
   */
  putConfigMap(fields) {
    const existing = this.configMap(fields.namespace, fields.name);
    const stored = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: fields.name,
        namespace: fields.namespace,
        uid: existing?.metadata.uid ?? randomUUID(),
        resourceVersion: this.nextResourceVersion(),
        creationTimestamp: existing?.metadata.creationTimestamp ?? timestamp(),
        ...(fields.labels && Object.keys(fields.labels).length > 0 ? { labels: fields.labels } : {}),
        ...(fields.annotations && Object.keys(fields.annotations).length > 0 ? { annotations: fields.annotations } : {}),
      },
      ...(fields.data && Object.keys(fields.data).length > 0 ? { data: fields.data } : {}),
    };
    this.write(join('configmaps', key(fields.namespace, fields.name)), stored);
    return stored;
  }

  removeConfigMap(namespace, name) {
    return this.remove(join('configmaps', key(namespace, name)));
  }

  /** Images whose pull fails (the registry refuses or does not have them). Default: none. */
  pullFailures() {
    return this.read('pull-failures.json') ?? [];
  }

  setPullFailures(images) {
    this.write('pull-failures.json', [...images]);
  }

  /** Real milliseconds a `kubectl run` waits for a pod that never runs before it gives up (default 0). */
  podRunningWaitMs() {
    return this.read('pod-running-wait-ms.json') ?? 0;
  }

  setPodRunningWaitMs(ms) {
    this.write('pod-running-wait-ms.json', ms);
  }

  /** The names pods resolve, name → address (the getent shim reads this file). Default: none. */
  podDns() {
    return this.read('pod-dns.json') ?? {};
  }

  setPodDns(table) {
    this.write('pod-dns.json', { ...table });
    // The shim is a shell script: it reads the table in /etc/hosts form.
    writeAtomically(this.file('pod-hosts'), Object.entries(table).map(([name, address]) => `${address} ${name}\n`).join(''));
  }

  get podHostsFile() {
    return this.file('pod-hosts');
  }

  nextResourceVersion() {
    const next = (this.read('resource-version.json') ?? 1000) + 1;
    this.write('resource-version.json', next);
    return String(next);
  }

  file(name) {
    return join(this.dir, name);
  }

  read(name) {
    try {
      return JSON.parse(readFileSync(this.file(name), 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }
  }

  write(name, value) {
    writeAtomically(this.file(name), `${JSON.stringify(value, null, 2)}\n`);
  }

  remove(name) {
    const existed = existsSync(this.file(name));
    rmSync(this.file(name), { force: true });
    return existed;
  }

  all(sub) {
    return readdirSync(this.file(sub))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => this.read(join(sub, name)))
      .filter((value) => value !== undefined);
  }
}

/** Kubernetes names are DNS labels (no '_'), so `<namespace>_<name>` is unambiguous. */
function key(namespace, name) {
  return `${namespace}_${name}.json`;
}

function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** RFC 3339 in whole seconds, as the API server writes timestamps. */
export function timestamp(date = new Date()) {
  return `${date.toISOString().slice(0, 19)}Z`;
}
