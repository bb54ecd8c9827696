// The smoke test run as a pod inside the AKS cluster, through the run command: start the pod, follow
// it, read what it printed, and tell apart the layers that can fail (the run command itself, the pod
// never starting, the output cut, the brokers unreachable from the pod). The pod carries the run id in
// its name and labels, and is removed at the end, on failure and on Ctrl-C.
import { randomBytes } from 'node:crypto';
import type { Progress } from '../context.js';
import { interruptionAt, isInterruption, operationFailed, usageError, type KafkaAksError } from '../errors.js';
import { deadlineSignal, isTimeout } from '../kafka/abortable.js';
import { formatServers, type ServerAddress } from '../kafka/bootstrap.js';
import type { AksCommandRunner } from '../azure/run-command.js';
import { deletePodCommand, namespaceNotFound, runPodCommand } from './kubectl.js';
import { readPodSmokeLog, type PodSmokeLog } from './pod-smoke-log.js';
import { POD_SMOKE_SCRIPT, type PodSmokeEnv } from './pod-smoke-script.js';

export interface PodSmokeOptions {
  servers: ServerAddress[];
  topic: string;
  messages: number;
  recordBytes: number;
  namespace: string;
  image: string;
  /** The whole run: starting the pod, the checks, producing and consuming back. */
  timeoutMs: number;
  signal: AbortSignal;
  progress: Progress;
}

export interface PodSmokeRun {
  runId: string;
  pod: string;
  namespace: string;
  image: string;
  log: PodSmokeLog;
}

/** Each metadata request from the pod (bootstrap, then each broker on its own) gets this long. */
const PROBE_S = 3;
/** After Ctrl-C, submitting the cleanup command may take this long; the operator is waiting. */
const CLEANUP_SUBMIT_MS = 10_000;

export async function runSmokePod(runner: AksCommandRunner, options: PodSmokeOptions): Promise<PodSmokeRun> {
  const runId = randomBytes(6).toString('hex');
  const pod = `kafka-aks-smoke-${runId}`;
  const { namespace, image, progress } = options;
  const budget = podBudget(options.timeoutMs);
  const env: PodSmokeEnv = {
    KA_RUN: runId,
    KA_BOOTSTRAP: formatServers(options.servers),
    KA_TOPIC: options.topic,
    KA_COUNT: String(options.messages),
    KA_BYTES: String(options.recordBytes),
    KA_TIMEOUT_S: String(budget.testS),
    KA_PROBE_S: String(Math.min(PROBE_S, budget.testS)),
  };
  const command = runPodCommand({
    pod,
    namespace,
    image,
    labels: { 'app.kubernetes.io/managed-by': 'kafka-aks', 'kafka-aks/run-id': runId },
    env: { ...env },
    startTimeoutS: budget.startS,
    command: ['sh', '-c', POD_SMOKE_SCRIPT],
  });
  const where = `pod ${namespace}/${pod} of AKS cluster ${runner.cluster.name}`;
  progress.begin(`Running the smoke test in ${where} (image ${image})`);
  const { signal, clear } = deadlineSignal(options.signal, options.timeoutMs);
  let outcome;
  try {
    outcome = await runner.run(command, { what: `Running the smoke-test pod ${pod}`, signal, progress });
  } catch (error) {
    progress.fail();
    if (!signal.aborted) throw error;
    const cleanup = await removePod(runner, pod, namespace);
    if (isTimeout(signal.reason)) {
      throw operationFailed(`Ran out of time (--timeout) while the smoke test ran in ${where}; ${cleanup}`, {
        hint: 'A first run in a cluster pulls the image, which can take minutes: give it more time with --timeout.',
      });
    }
    throw isInterruption(signal.reason)
      ? interruptionAt(signal.reason, `while the smoke test ran in ${where}; ${cleanup}`, {
          hint: 'Run the same command again: a new run starts with a new pod; the topic is kept.',
        })
      : signal.reason;
  } finally {
    clear();
  }
  const log = readPodSmokeLog(outcome.logs, runId);
  // The command's last line is always the wrapper's `kubectl-exit`: without it, the logs lost their end.
  const cut = outcome.cut || log.kubectlExit === undefined;
  if (!log.began) {
    progress.fail(`The smoke-test pod did not run in AKS cluster ${runner.cluster.name}`);
    throw notStarted(log, { pod, namespace, image, cut });
  }
  if (!log.ended) {
    progress.fail(`The smoke-test pod stopped before its verdict`);
    throw cut
      ? operationFailed(`The run command's output was cut (AKS keeps its first 512 KiB) before the smoke-test pod's verdict, so the run cannot be judged.`, {
          hint: 'This is not a lost message: the pod keeps its output small, so something else in the cluster printed a lot. Run it again.',
        })
      : operationFailed(`The smoke-test pod ${namespace}/${pod} stopped before its verdict${lastWords(log)}.`, {
          hint: `Look for the reason with \`kubectl get events -n ${namespace}\` (evicted, out of memory), then run it again.`,
        });
  }
  progress.succeed(`The smoke-test pod finished in AKS cluster ${runner.cluster.name}, and is removed`);
  return { runId, pod, namespace, image, log };
}

/**
 * How the timeout is shared: the pod gets half of it to start (a first pull of the image) and three
 * fifths to test, since the start rarely takes its half; whatever the split, the run ends by the
 * deadline, which this process enforces.
 */
function podBudget(timeoutMs: number): { startS: number; testS: number } {
  const seconds = Math.max(1, Math.floor(timeoutMs / 1000));
  return { startS: Math.max(1, Math.floor(seconds / 2)), testS: Math.max(1, Math.floor((seconds * 3) / 5)) };
}

/** Sends the pod's deletion and says what became of it, as the end of a sentence. */
async function removePod(runner: AksCommandRunner, pod: string, namespace: string): Promise<string> {
  const { signal, clear } = deadlineSignal(new AbortController().signal, CLEANUP_SUBMIT_MS);
  try {
    await runner.submit(deletePodCommand(pod, namespace), signal);
    return `a cleanup command deleting pod ${namespace}/${pod} was sent to the cluster.`;
  } catch {
    return `pod ${namespace}/${pod} may still be running: delete it with \`az aks command invoke --resource-group ${runner.cluster.resourceGroup} --name ${runner.cluster.name} --command "${deletePodCommand(pod, namespace)}"\`.`;
  } finally {
    clear();
  }
}

const IMAGE_PROBLEMS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

function notStarted(log: PodSmokeLog, run: { pod: string; namespace: string; image: string; cut: boolean }): KafkaAksError {
  const waiting = waitingOf(log.pod);
  if (waiting && IMAGE_PROBLEMS.has(waiting.reason)) {
    return operationFailed(`Pod ${run.namespace}/${run.pod} could not pull image ${run.image} (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}).`, {
      hint: 'Clusters without internet egress pull from their own registry: import the image there (`az acr import`) and pass it with --image <registry>/<image>:<tag>.',
    });
  }
  if (log.kubectlLines.some(namespaceNotFound)) {
    return usageError(`Namespace ${run.namespace} does not exist in the AKS cluster.`, {
      hint: 'Pass an existing namespace with --namespace (default: default).',
    });
  }
  if (waiting) {
    return operationFailed(`Pod ${run.namespace}/${run.pod} did not start: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}.`, {
      hint: `Check the cluster's capacity and events (\`kubectl get events -n ${run.namespace}\`), then run it again.`,
    });
  }
  if (run.cut) {
    return operationFailed("The run command's output was cut (AKS keeps its first 512 KiB) before the smoke-test pod's first line.", {
      hint: 'Something in the cluster printed a lot before the pod ran; run it again.',
    });
  }
  return operationFailed(`The smoke-test pod did not run${lastWords(log)}.`, {
    hint: 'kubectl said why above; `az aks command invoke` with the same cluster shows whether pods start there at all.',
  });
}

function waitingOf(pod: unknown): { reason: string; message: string | undefined } | undefined {
  const statuses = (pod as { status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string; message?: string } } }> } } | undefined)
    ?.status?.containerStatuses;
  const waiting = statuses?.[0]?.state?.waiting;
  return waiting?.reason ? { reason: waiting.reason, message: waiting.message } : undefined;
}

/** kubectl's last line, as ": <line>", when there is one. */
function lastWords(log: PodSmokeLog): string {
  const line = log.kubectlLines.filter((l) => !/^pod "[^"]*" deleted/.test(l)).at(-1);
  return line ? `: kubectl said "${line.trim().slice(0, 300)}"` : '';
}
