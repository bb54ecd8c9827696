// Following an Ambari request to its end (apache/ambari ambari-server/docs/api/v1/requests.md; statuses
// from controller/internal/CalculatedStatus.java). Two traps: a loop that waits only for COMPLETED hangs
// on FAILED/ABORTED/TIMEDOUT; and request_status turns FAILED as soon as one task fails while other
// brokers are still restarting - so the end is when every task has finished (completed_task_count counts
// every finished task, whatever its outcome).
import type { Progress } from '../context.js';
import { isInterruption, KafkaAksError, operationFailed } from '../errors.js';
import { sleep } from '../sleep.js';
import type { AmbariCluster } from './cluster.js';
import { isObject, itemsOf, numberAt, objectAt, optionalString, stringAt } from './json.js';

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

export interface RunningRequest {
  id: number;
  context: string;
  status: string;
  /** The hosts of the component's tasks. */
  hosts: string[];
}

/**
 * Requests not yet ended that act on `component` (whoever started them). The predicate is Ambari's own
 * query language, as the web UI's background operations and other Ambari clients use it
 * (`requests?fields=...&Requests/request_status.in(IN_PROGRESS)`); only the statuses before a task
 * ends are asked for. HOLDING* (a task waiting for a retry or skip, apache/ambari
 * actionmanager/HostRoleStatus.java) are upgrade-only.
 */
export async function runningRequestsOf(cluster: AmbariCluster, component: string): Promise<RunningRequest[]> {
  const where = 'the running requests';
  const answer = await cluster.get('/requests?Requests/request_status.in(PENDING,QUEUED,IN_PROGRESS)', {
    fields: 'Requests/id,Requests/request_status,Requests/request_context,tasks/Tasks/role,tasks/Tasks/host_name',
  });
  return itemsOf(answer, where).flatMap((item) => {
    const requests = objectAt(item, 'Requests', where);
    const tasks = (Array.isArray(item.tasks) ? item.tasks : []).filter(isObject).map((task) => objectAt(task, 'Tasks', where));
    const hosts = tasks.filter((task) => task.role === component).map((task) => stringAt(task, 'host_name', where));
    if (hosts.length === 0) return [];
    return [{ id: numberAt(requests, 'id', where), context: optionalString(requests, 'request_context') ?? '', status: stringAt(requests, 'request_status', where), hosts }];
  });
}

/**
 * Abort a request (apache/ambari RequestResourceProvider.updateResources): its tasks not yet ended are
 * ABORTED; a reason is required. A request that already reads as ended is left alone (Ambari answers 200).
 */
export async function abortRequest(cluster: AmbariCluster, id: number, reason: string): Promise<void> {
  await cluster.put(`/requests/${id}`, { Requests: { request_status: 'ABORTED', abort_reason: reason } });
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

/**
 * Poll until every task has finished. A transient error is retried by the client (GETs only); past
 * that, the error says the request goes on in Ambari, since nothing we do stops it.
 */
export async function waitForRequest(cluster: AmbariCluster, id: number, options: WaitOptions): Promise<RequestStatus> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const request = await readRequest(cluster, id).catch((error: unknown) => {
      throw stillRunning(error, id);
    });
    options.progress.update(options.describe(request));
    if (isFinished(request)) return request;
    if (Date.now() > deadline) {
      throw operationFailed(
        `Ambari request ${id} is still ${request.status} after ${describeDuration(options.timeoutMs)}: kafka-aks stopped following it; it goes on in Ambari (Background Operations).`,
        { details: { requestStillRunning: id, status: request.status, progressPercent: request.progressPercent } },
      );
    }
    await sleep(options.pollIntervalMs, options.signal);
  }
}

function stillRunning(error: unknown, id: number): unknown {
  if (!(error instanceof KafkaAksError) || isInterruption(error)) return error;
  return new KafkaAksError(error.kind, `${error.message} (while following Ambari request ${id}, which goes on in Ambari)`, {
    hint: error.hint,
    details: error.details,
    cause: error,
  });
}

/** 1800000 → "30 minutes", 90000 → "90 s", 300 → "0.3 s". */
export function describeDuration(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  return `${Number((ms / 1000).toFixed(3))} s`;
}
