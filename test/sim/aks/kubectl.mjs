// The kubectl a run command finds on its PATH in the simulated AKS cluster (kubectl-bin/kubectl starts
// this file). It implements exactly the subset kafka-aks sends, with kubectl's wording; anything else is
// refused loudly, so that a product change the simulator does not know about fails a test instead of
// passing by accident. State lives in the directory KUBECTL_SIM_STATE (kube-store.mjs); each invocation,
// and each pod that starts, is reported as a JSON line on the file descriptor KUBECTL_SIM_EVENTS_FD.
//
// Wording, from kubernetes/kubectl:
//  - pkg/cmd/run/run.go: `--rm` deletes the pod in a `defer` registered before it waits for the pod to
//    run, so a pod that never runs is deleted too, before "timed out waiting for the condition" is
//    printed; `--rm` without `-i` is "--rm should only be used for attached containers"; labels default
//    to run=NAME; a container that ends non-zero with --restart=Never makes kubectl exit with its code
//    after "pod NS/NAME terminated (<reason>)\n<message>" (a CodeExitError, printed as is).
//  - pkg/cmd/attach/attach.go: "If you don't see a command prompt, try pressing enter." on stderr
//    unless -q.
//  - pkg/cmd/delete/delete.go PrintObj, with kubernetes PR#126619 (kubectl 1.34): `pod "NAME" deleted
//    from NS namespace` on stdout.
//  - pkg/cmd/util/helpers.go checkErr: API errors print as "Error from server (<Reason>): <message>",
//    others as "error: <message>"; exit 1.
//  - pkg/cmd/apply: "configmap/NAME created|configured|unchanged"; the last-applied-configuration
//    annotation holds the manifest as sent.
// The waiting reason and message of a pod whose image cannot be pulled are kubelet's
// (pkg/kubelet/images: ErrImagePullBackOff, `Back-off pulling image "IMG"`).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeStore, timestamp } from './kube-store.mjs';

const argv = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
/** The pod image's tools: the getent shim first, then this machine's kcat, sh, awk, timeout... */
const POD_BIN = join(here, 'pod-bin');
const SYSTEM_PATH = process.env.KUBECTL_SIM_SYSTEM_PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const ALIASES = { '-n': '--namespace', '-i': '--stdin', '-q': '--quiet', '-o': '--output', '-f': '--filename' };
const BOOLEAN_FLAGS = new Set(['--rm', '--stdin', '--quiet', '--command', '--ignore-not-found', '--wait']);
const VALUE_FLAGS = new Set(['--namespace', '--image', '--restart', '--pod-running-timeout', '--labels', '--env', '--output', '--filename']);
const POD = new Set(['pod', 'pods', 'po']);
const CONFIGMAP = new Set(['configmap', 'configmaps', 'cm']);
const NAMESPACE = new Set(['namespace', 'namespaces', 'ns']);

class Unsupported extends Error {}

const store = new KubeStore(process.env.KUBECTL_SIM_STATE ?? '');
process.exitCode = await main().catch((error) => {
  if (!(error instanceof Unsupported)) throw error;
  process.stderr.write(`error: the kafka-aks kubectl stand-in does not implement: ${argv.join(' ')}\n`);
  return 1;
});

async function main() {
  if (!process.env.KUBECTL_SIM_STATE) throw new Unsupported();
  const { positionals, flags, command } = parse(argv);
  const [verb, kind, name, ...extra] = positionals;
  report({ type: 'kubectl', verb: verb ?? '', args: argv, write: ['run', 'apply', 'delete'].includes(verb) });
  if (verb === 'run' && kind && !name) return run(kind, flags, command);
  if (command.length > 0 || extra.length > 0) throw new Unsupported();
  if (verb === 'get' && POD.has(kind) && name) return getPod(name, flags);
  if (verb === 'get' && CONFIGMAP.has(kind) && name) return getConfigMap(name, flags);
  if (verb === 'get' && NAMESPACE.has(kind) && name) return getNamespace(name, flags);
  if (verb === 'delete' && POD.has(kind) && name) return deletePod(name, flags);
  if (verb === 'apply' && !kind) return apply(flags);
  throw new Unsupported();
}

/** Flags anywhere before `--` (`-n NS`, `-n=NS`, `--namespace NS`, `--namespace=NS`); after it, the command. */
function parse(args) {
  const dash = args.indexOf('--');
  const before = dash < 0 ? args : args.slice(0, dash);
  const flags = new Map();
  const positionals = [];
  for (let i = 0; i < before.length; i += 1) {
    const arg = before[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const raw = equals < 0 ? arg : arg.slice(0, equals);
    const name = ALIASES[raw] ?? raw;
    let value = equals < 0 ? undefined : arg.slice(equals + 1);
    if (VALUE_FLAGS.has(name)) {
      if (value === undefined) value = before[++i];
      if (value === undefined) throw new Unsupported();
    } else if (BOOLEAN_FLAGS.has(name)) {
      value ??= 'true';
      if (value !== 'true' && value !== 'false') throw new Unsupported();
    } else {
      throw new Unsupported();
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positionals, flags, command: dash < 0 ? [] : args.slice(dash + 1) };
}

/** Only these flags may appear (a flag beyond the subset means product drift). */
function allowOnly(flags, allowed) {
  for (const name of flags.keys()) if (!allowed.includes(name)) throw new Unsupported();
}

function one(flags, name) {
  return flags.get(name)?.at(-1);
}

function on(flags, name) {
  return one(flags, name) === 'true';
}

function namespaceOf(flags) {
  return one(flags, '--namespace') ?? 'default';
}

async function run(name, flags, command) {
  allowOnly(flags, ['--namespace', '--image', '--restart', '--rm', '--stdin', '--quiet', '--pod-running-timeout', '--labels', '--env', '--command']);
  if (on(flags, '--rm') && !on(flags, '--stdin')) return fail('error: --rm should only be used for attached containers');
  const image = one(flags, '--image');
  const subset = image && one(flags, '--restart') === 'Never' && on(flags, '--stdin') && on(flags, '--command') && command.length > 0;
  const rm = on(flags, '--rm');
  if (!subset) throw new Unsupported();
  const namespace = namespaceOf(flags);
  if (!store.hasNamespace(namespace)) return fail(`Error from server (NotFound): namespaces "${namespace}" not found`);
  if (store.pod(namespace, name)) return fail(`Error from server (AlreadyExists): pods "${name}" already exists`);
  const pod = {
    name,
    namespace,
    uid: randomUUID(),
    labels: parseLabels(one(flags, '--labels'), name),
    image,
    command,
    env: (flags.get('--env') ?? []).map(parseEnv),
    phase: 'Pending',
    state: { waiting: { reason: 'ContainerCreating', message: '' } },
    pid: undefined,
    creationTimestamp: timestamp(),
  };

  if (store.pullFailures().includes(image)) {
    // kubelet backs off pulling; `run -i` waits --pod-running-timeout for a pod that never runs. The
    // simulated wait is the knob's real time (0 by default), not the timeout.
    store.putPod({ ...pod, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } } });
    report({ type: 'pod-pending', namespace, name, image, reason: 'ImagePullBackOff' });
    await new Promise((resolve) => setTimeout(resolve, store.podRunningWaitMs()));
    if (rm) removeCreated(pod);
    return fail('error: timed out waiting for the condition');
  }

  const cwd = mkdtempSync(join(process.env.KUBECTL_SIM_POD_ROOT ?? dirname(store.dir), `${name}-`));
  const env = {
    ...Object.fromEntries(pod.env.map(({ name: key, value }) => [key, value])),
    HOSTNAME: name,
    HOME: cwd,
    PATH: `${POD_BIN}:${SYSTEM_PATH}`,
    KAFKA_AKS_SIM_POD_HOSTS: store.podHostsFile,
  };
  const startedAt = timestamp();
  // Its own process group (detached), so that `kubectl delete pod` ends the container and all it started.
  const container = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const outcome = await new Promise((resolve) => {
    container.once('error', (error) => resolve({ code: 128, reason: 'StartError', message: `exec: "${command[0]}": ${error.code === 'ENOENT' ? 'executable file not found in $PATH' : error.message}` }));
    container.once('spawn', () => {
      store.putPod({ ...pod, phase: 'Running', pid: container.pid, state: { running: { startedAt } } });
      report({ type: 'pod-running', namespace, name, image, pid: container.pid });
      if (!on(flags, '--quiet')) process.stderr.write("If you don't see a command prompt, try pressing enter.\n");
      container.once('exit', (code, signal) => {
        const exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
        resolve({ code: exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', message: '' });
      });
    });
  });
  const terminated = { exitCode: outcome.code, reason: outcome.reason, startedAt, finishedAt: timestamp() };
  // A pod deleted meanwhile (kubectl delete pod) is gone: --rm then finds nothing to delete.
  if (store.pod(namespace, name)) {
    store.putPod({ ...pod, phase: outcome.code === 0 ? 'Succeeded' : 'Failed', pid: undefined, state: { terminated } });
  }
  report({ type: 'pod-finished', namespace, name, image, exitCode: outcome.code });
  // Without --rm the pod stays, Succeeded or Failed, until someone deletes it.
  if (rm) removeCreated(pod);
  if (outcome.code === 0) return 0;
  process.stderr.write(`pod ${namespace}/${name} terminated (${outcome.reason})\n${outcome.message ? `${outcome.message}\n` : ''}`);
  return outcome.code;
}

/** --rm: delete what `run` created, ignoring a pod already gone (run.go sets IgnoreNotFound). */
function removeCreated(pod) {
  if (store.removePod(pod.namespace, pod.name)) process.stdout.write(deletedLine(pod.namespace, pod.name));
}

function getPod(name, flags) {
  allowOnly(flags, ['--namespace', '--output']);
  if (one(flags, '--output') !== 'json') throw new Unsupported();
  const pod = store.pod(namespaceOf(flags), name);
  if (!pod) return fail(`Error from server (NotFound): pods "${name}" not found`);
  printJson(podJson(pod));
  return 0;
}

function getConfigMap(name, flags) {
  allowOnly(flags, ['--namespace', '--output', '--ignore-not-found']);
  if (one(flags, '--output') !== 'json') throw new Unsupported();
  const configMap = store.configMap(namespaceOf(flags), name);
  if (configMap) printJson(configMap);
  else if (!on(flags, '--ignore-not-found')) return fail(`Error from server (NotFound): configmaps "${name}" not found`);
  return 0;
}

/** `-o name` prints KIND/NAME (kubectl's name printer); a namespace is cluster-scoped, so no -n. */
function getNamespace(name, flags) {
  allowOnly(flags, ['--output']);
  if (one(flags, '--output') !== 'name') throw new Unsupported();
  if (!store.hasNamespace(name)) return fail(`Error from server (NotFound): namespaces "${name}" not found`);
  process.stdout.write(`namespace/${name}\n`);
  return 0;
}

async function deletePod(name, flags) {
  allowOnly(flags, ['--namespace', '--ignore-not-found', '--wait']);
  const namespace = namespaceOf(flags);
  const pod = store.pod(namespace, name);
  if (!pod) return on(flags, '--ignore-not-found') ? 0 : fail(`Error from server (NotFound): pods "${name}" not found`);
  store.removePod(namespace, name);
  // The kubelet stops the container with SIGTERM, and SIGKILL after the grace period (30 s).
  signalGroup(pod.pid, 'SIGTERM');
  process.stdout.write(deletedLine(namespace, name));
  if (one(flags, '--wait') !== 'false') await untilGone(pod.pid, 30_000);
  return 0;
}

async function apply(flags) {
  allowOnly(flags, ['--namespace', '--filename']);
  if (one(flags, '--filename') !== '-') throw new Unsupported();
  const text = await readStdin();
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    return fail(`error: error parsing STDIN: ${error.message}`);
  }
  if (manifest?.apiVersion !== 'v1' || manifest?.kind !== 'ConfigMap' || typeof manifest?.metadata?.name !== 'string') throw new Unsupported();
  const flagNamespace = one(flags, '--namespace');
  const ownNamespace = manifest.metadata.namespace;
  if (flagNamespace && ownNamespace && flagNamespace !== ownNamespace) {
    return fail(
      `error: the namespace from the provided object "${ownNamespace}" does not match the namespace "${flagNamespace}". You must pass '--namespace=${ownNamespace}' to perform this operation.`,
    );
  }
  const namespace = ownNamespace ?? flagNamespace ?? 'default';
  const name = manifest.metadata.name;
  if (!store.hasNamespace(namespace)) return fail(`Error from server (NotFound): error when creating "STDIN": namespaces "${namespace}" not found`);
  const labels = manifest.metadata.labels ?? {};
  const data = manifest.data ?? {};
  const existing = store.configMap(namespace, name);
  if (existing && sameEntries(existing.metadata.labels ?? {}, labels) && sameEntries(existing.data ?? {}, data)) {
    process.stdout.write(`configmap/${name} unchanged\n`);
    return 0;
  }
  const annotations = { ...(manifest.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(manifest)}\n` };
  store.putConfigMap({ name, namespace, labels, annotations, data });
  process.stdout.write(`configmap/${name} ${existing ? 'configured' : 'created'}\n`);
  return 0;
}

function podJson(pod) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid, creationTimestamp: pod.creationTimestamp, labels: pod.labels },
    spec: {
      containers: [
        {
          name: pod.name,
          image: pod.image,
          command: pod.command,
          ...(pod.env.length > 0 ? { env: pod.env } : {}),
          stdin: true,
          stdinOnce: true,
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Never',
      dnsPolicy: 'ClusterFirst',
    },
    status: {
      phase: pod.phase,
      containerStatuses: [
        { name: pod.name, image: pod.image, ready: pod.phase === 'Running', restartCount: 0, started: pod.phase === 'Running', state: pod.state },
      ],
    },
  };
}

/** run.go parseLabels: comma-separated k=v; none given means run=NAME. */
function parseLabels(text, name) {
  if (!text) return { run: name };
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const parts = pair.split('=');
      if (parts.length !== 2 || !parts[0]) throw new Unsupported();
      return parts;
    }),
  );
}

function parseEnv(pair) {
  const equals = pair.indexOf('=');
  if (equals <= 0) throw new Unsupported();
  return { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
}

function sameEntries(a, b) {
  const sorted = (o) => JSON.stringify(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return sorted(a) === sorted(b);
}

function deletedLine(namespace, name) {
  return `pod "${name}" deleted from ${namespace} namespace\n`;
}

/** kubectl -o json indents with four spaces. */
function printJson(value) {
  process.stdout.write(`${JSON.stringify(value, null, 4)}\n`);
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  return 1;
}

function signalGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Waits for the container's process to end (polling its pid, as nothing else tells another process), then kills what remains. */
async function untilGone(pid, graceMs) {
  if (!pid) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  signalGroup(pid, 'SIGKILL');
}

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8').on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

/** One JSON line to the simulator, when it listens (run-commands.ts). */
function report(event) {
  const fd = Number(process.env.KUBECTL_SIM_EVENTS_FD);
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    writeSync(fd, `${JSON.stringify(event)}\n`);
  } catch {
    // Nobody listens any more (the simulator stopped): the command goes on as kubectl would.
  }
}
