// The bootstrap ConfigMap as a step that `brokers --apply-configmap`, `up` and `status` share: read what
// the cluster holds (a `kubectl get` run command, read-only), compare, and write only what differs.
import type { AksCommandRunner } from '../../azure/run-command.js';
import { namespaceNotFound } from '../../aks/kubectl.js';
import {
  applyConfigMapCommand,
  compareConfigMap,
  readConfigMapCommand,
  type ConfigMapManifest,
  type ConfigMapState,
} from '../../aks/bootstrap-configmap.js';
import type { Progress } from '../../context.js';
import { interruptionAt, isInterruption, operationFailed, usageError } from '../../errors.js';
import { deadlineSignal, isTimeout } from '../../kafka/abortable.js';

export type ConfigMapAction = 'created' | 'updated' | 'unchanged' | 'would-create' | 'would-update';

export interface ConfigMapOutcome {
  namespace: string;
  name: string;
  action: ConfigMapAction;
  /** The keys whose values change (all of them for a new ConfigMap). */
  changed: string[];
  data: Record<string, string>;
}

export interface ConfigMapStepOptions {
  signal: AbortSignal;
  progress: Progress;
}

/** A run command starts a pod in the cluster: tens of seconds is normal, minutes is not. */
const RUN_COMMAND_TIMEOUT_MS = 5 * 60_000;

export async function inspectConfigMap(runner: AksCommandRunner, desired: ConfigMapManifest, options: ConfigMapStepOptions): Promise<ConfigMapState> {
  const where = `${desired.metadata.namespace}/${desired.metadata.name}`;
  options.progress.begin(`Reading ConfigMap ${where} in AKS cluster ${runner.cluster.name}`);
  const { exitCode, logs } = await withinBound(options.signal, `while reading ConfigMap ${where}; nothing was written.`, (signal) =>
    runner.run(readConfigMapCommand(desired.metadata), { what: `Reading ConfigMap ${where}`, signal, progress: options.progress }),
  );
  if (exitCode !== 0) {
    options.progress.fail();
    throw kubectlFailed(`Reading ConfigMap ${where}`, logs, desired.metadata.namespace);
  }
  const state = (() => {
    try {
      return compareConfigMap(logs, desired);
    } catch (error) {
      throw operationFailed(`Reading ConfigMap ${where}: ${(error as Error).message}.`, { hint: 'Run it again.' });
    }
  })();
  options.progress.succeed(
    state.state === 'missing' ? `No ConfigMap ${where} yet` : state.state === 'same' ? `ConfigMap ${where} holds these brokers` : `ConfigMap ${where} differs in ${state.changed.join(', ')}`,
  );
  return state;
}

/** Writes the ConfigMap when it is missing or differs; says so and writes nothing when it holds the same. */
export async function applyConfigMap(
  runner: AksCommandRunner,
  desired: ConfigMapManifest,
  options: ConfigMapStepOptions & { dryRun: boolean; inspected?: ConfigMapState },
): Promise<ConfigMapOutcome> {
  const state = options.inspected ?? (await inspectConfigMap(runner, desired, options));
  const outcome = (action: ConfigMapAction, changed: string[]): ConfigMapOutcome => ({
    namespace: desired.metadata.namespace,
    name: desired.metadata.name,
    action,
    changed,
    data: desired.data,
  });
  if (state.state === 'same') return outcome('unchanged', []);
  const changed = state.state === 'differs' ? state.changed : Object.keys(desired.data);
  if (options.dryRun) return outcome(state.state === 'missing' ? 'would-create' : 'would-update', changed);

  const where = `${desired.metadata.namespace}/${desired.metadata.name}`;
  options.progress.begin(`Writing ConfigMap ${where} in AKS cluster ${runner.cluster.name}`);
  const { exitCode, logs } = await withinBound(
    options.signal,
    `while writing ConfigMap ${where}: the run command was sent, so the ConfigMap may hold the new brokers already.`,
    (signal) => runner.run(applyConfigMapCommand(desired), { what: `Writing ConfigMap ${where}`, signal, progress: options.progress }),
  );
  if (exitCode !== 0) {
    options.progress.fail();
    throw kubectlFailed(`Writing ConfigMap ${where}`, logs, desired.metadata.namespace);
  }
  options.progress.succeed(`ConfigMap ${where} ${state.state === 'missing' ? 'created' : 'updated'}`);
  return outcome(state.state === 'missing' ? 'created' : 'updated', changed);
}

/** The run command, bounded in time; stopped by a signal, the error says `where` it stopped and what holds. */
async function withinBound<T>(parent: AbortSignal, where: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { signal, clear } = deadlineSignal(parent, RUN_COMMAND_TIMEOUT_MS);
  try {
    return await work(signal);
  } catch (error) {
    // The SDK rejects with its own AbortError: the story is the signal, and what state it left.
    if (parent.aborted && isInterruption(parent.reason)) {
      throw interruptionAt(parent.reason, where, { hint: 'Run the same command again: it reads the ConfigMap and writes it only if it differs.' });
    }
    if (signal.aborted && isTimeout(signal.reason)) {
      throw operationFailed(`The run command did not finish within ${RUN_COMMAND_TIMEOUT_MS / 60_000} minutes.`, {
        hint: 'Check that the AKS cluster can start pods (`az aks command invoke ... --command "kubectl get nodes"`), then run it again.',
      });
    }
    throw error;
  } finally {
    clear();
  }
}

function kubectlFailed(what: string, logs: string, namespace: string) {
  const said = logs.trim().split('\n').filter((line) => line.trim() !== '').at(-1)?.slice(0, 300) ?? 'no output';
  if (namespaceNotFound(logs)) {
    return usageError(`${what}: namespace ${namespace} does not exist in the AKS cluster.`, {
      hint: 'Pass an existing namespace with --namespace (default: default), or create it with kubectl create namespace.',
    });
  }
  return operationFailed(`${what} failed: kubectl said "${said}".`, {
    hint: 'Check the run command identity\'s Kubernetes permissions on ConfigMaps in that namespace, then run it again.',
  });
}
