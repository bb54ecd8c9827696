// The kubectl command lines kafka-aks hands to the AKS run command, which runs them with a shell in its
// command pod. Built here, in one place, from values that are quoted for that shell: a topic, a
// namespace or an image never becomes shell syntax. Pure.
import { shellWord } from '../shell-word.js';

export interface PodRun {
  pod: string;
  namespace: string;
  image: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  /** How long kubectl waits for the pod to start running (pulling the image included). */
  startTimeoutS: number;
  /** The program the container runs, word by word. */
  command: string[];
}

/** kubectl's refusal when a namespace does not exist ("Error from server (NotFound): namespaces "x" not found"). */
export function namespaceNotFound(kubectlOutput: string): boolean {
  return /namespaces? "[^"]*" not found/.test(kubectlOutput);
}

/** Marks kafka-aks's own lines in the logs, among kubectl's. */
export const LOG_MARK = 'KAFKA-AKS';

/**
 * `kubectl run -i`: the pod's output comes back in the run command's logs (`-q` drops kubectl's "If you
 * don't see a command prompt" line). Not `--rm`: kubectl deletes such a pod as soon as it gives up waiting
 * for it to run, which loses why it never ran (an image that cannot be pulled). So when kubectl fails, the
 * pod's state is printed for the diagnosis, and the pod is deleted here in every case.
 */
export function runPodCommand(run: PodRun): string {
  const labels = Object.entries(run.labels).map(([key, value]) => `${key}=${value}`).join(',');
  const words = [
    'kubectl', 'run', run.pod, '-n', run.namespace, `--image=${run.image}`, '--restart=Never', '-i', '-q',
    `--pod-running-timeout=${run.startTimeoutS}s`, `--labels=${labels}`,
    ...Object.entries(run.env).map(([key, value]) => `--env=${key}=${value}`),
    '--command', '--', ...run.command,
  ];
  const pod = `${shellWord(run.pod)} -n ${shellWord(run.namespace)}`;
  return [
    words.map(shellWord).join(' '),
    'rc=$?',
    'if [ "$rc" -ne 0 ]; then',
    `  echo '${LOG_MARK} pod-json'`,
    `  kubectl get pod ${pod} -o json 2>&1`,
    `  echo '${LOG_MARK} pod-json-end'`,
    'fi',
    `kubectl delete pod ${pod} --ignore-not-found --wait=false >/dev/null 2>&1`,
    `echo "${LOG_MARK} kubectl-exit $rc"`,
    'exit "$rc"',
  ].join('\n');
}

/** Removes a pod left running (after Ctrl-C): what the run's own `--rm` would have done. */
export function deletePodCommand(pod: string, namespace: string): string {
  return `kubectl delete pod ${shellWord(pod)} -n ${shellWord(namespace)} --ignore-not-found --wait=false`;
}
