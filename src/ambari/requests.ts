// Following an Ambari request to its end (ambari.md §10). Two traps: a loop that waits only for
// COMPLETED hangs on FAILED/ABORTED/TIMEDOUT; and request_status turns FAILED as soon as one task
// fails while other brokers are still restarting - so the end is when every task has finished
// (completed_task_count counts every finished task, whatever its outcome).
import type { Progress } from '../context.js';
import { operationFailed } from '../errors.js';
import { sleep } from '../sleep.js';
import type { AmbariCluster } from './cluster.js';
import { isObject, numberAt, objectAt, optionalString, stringAt } from './json.js';

/** HostRoleStatus.java: the statuses after which a task or request moves no more. */
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'TIMEDOUT', 'ABORTED', 'SKIPPED_FAILED']);

export interface RequestTask {
  host: string;
  status: string;
  stderr: string;
}

export interface RequestStatus {
  id: number;
  status: string;
  progressPercent: number;
  taskCount: number;
  finishedCount: number;
  tasks: RequestTask[];
}

function isFinished(request: RequestStatus): boolean {
  return TERMINAL.has(request.status) && request.finishedCount >= request.taskCount;
}

export function failedTasks(request: RequestStatus): RequestTask[] {
  return request.tasks.filter((task) => TERMINAL.has(task.status) && task.status !== 'COMPLETED');
}

async function readRequest(cluster: AmbariCluster, id: number): Promise<RequestStatus> {
  const where = `request ${id}`;
  const answer = await cluster.get(`/requests/${id}`, {
    fields: 'Requests/id,Requests/request_status,Requests/progress_percent,Requests/task_count,Requests/completed_task_count,tasks/Tasks/host_name,tasks/Tasks/status,tasks/Tasks/stderr',
  });
  const requests = objectAt(answer, 'Requests', where);
  const tasks = (isObject(answer) && Array.isArray(answer.tasks) ? answer.tasks : []).filter(isObject).map((task) => {
    const fields = objectAt(task, 'Tasks', where);
    return { host: stringAt(fields, 'host_name', where), status: stringAt(fields, 'status', where), stderr: optionalString(fields, 'stderr') ?? '' };
  });
  return {
    id,
    status: stringAt(requests, 'request_status', where),
    progressPercent: numberAt(requests, 'progress_percent', where),
    taskCount: numberAt(requests, 'task_count', where),
    finishedCount: numberAt(requests, 'completed_task_count', where),
    tasks,
  };
}

export interface WaitOptions {
  pollIntervalMs: number;
  /** Give up (the request goes on in Ambari) after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  progress: Progress;
  /** How to describe a poll to the operator: "Restarting 3 brokers: 35% (1 of 3 done)". */
  describe: (request: RequestStatus) => string;
}

/** Poll until every task has finished; a transient error is retried by the client (GETs only). */
export async function waitForRequest(cluster: AmbariCluster, id: number, options: WaitOptions): Promise<RequestStatus> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const request = await readRequest(cluster, id);
    options.progress.update(options.describe(request));
    if (isFinished(request)) return request;
    if (Date.now() > deadline) {
      throw operationFailed(`Ambari request ${id} is still ${request.status} after ${Math.round(options.timeoutMs / 60_000)} minutes.`, {
        hint: `It goes on in Ambari (Background Operations). Run the same command again to wait for it and finish.`,
      });
    }
    await sleep(options.pollIntervalMs, options.signal);
  }
}
