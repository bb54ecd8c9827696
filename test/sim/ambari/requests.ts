// Ambari requests: a RESTART of host components becomes one request with one task per host, all in one
// stage, restarting in parallel (AmbariCustomCommandExecutionHelper.addCustomCommandAction). Tasks move
// PENDING → QUEUED → IN_PROGRESS → COMPLETED (or FAILED / TIMEDOUT / ABORTED by a test's fault) one
// step per clock tick. A broker is down while its task is IN_PROGRESS; when the task ends, the agent has
// started it with the desired configs (broker-runtime.ts), and Kafka may refuse them.
import { startBroker, type BrokerStart } from './broker-runtime.js';
import { serverError } from './http.js';
import {
  desiredConfig,
  effectiveMaintenance,
  TERMINAL,
  type BrokerRestartEvent,
  type SimCluster,
  type SimHostComponent,
  type SimRequest,
  type SimTask,
  type TaskStatus,
} from './model.js';
import { hostResource } from './resources.js';
import type { JsonObject, JsonValue, Resource } from './query.js';
import { INTERNAL_BASE } from './resources.js';

let nextRequestId = 41;
let nextTaskId = 300;

/**
 * CalculatedStatus.calculateSummaryStatus (apache/ambari release-2.7.3
 * ambari-server/src/main/java/org/apache/ambari/server/controller/internal/CalculatedStatus.java l.569-609).
 */
export function requestStatus(request: SimRequest): TaskStatus {
  const statuses = request.tasks.map((task) => task.status);
  if (statuses.every((s) => s === 'PENDING')) return 'PENDING';
  if (statuses.includes('FAILED')) return 'FAILED';
  if (statuses.includes('TIMEDOUT')) return 'TIMEDOUT';
  const running = statuses.some((s) => !TERMINAL.has(s));
  if (!running && statuses.includes('ABORTED')) return 'ABORTED';
  if (!running) return 'COMPLETED';
  if (statuses.every((s) => s === 'PENDING' || s === 'QUEUED')) return 'QUEUED';
  return 'IN_PROGRESS';
}

/** Weights from CalculatedStatus.calculateProgressPercent: queued 9%, in progress 35%, finished 100%. */
function progressPercent(request: SimRequest): number {
  const weight = (s: TaskStatus) => (TERMINAL.has(s) ? 1 : s === 'IN_PROGRESS' ? 0.35 : s === 'QUEUED' ? 0.09 : 0);
  const total = request.tasks.reduce((sum, task) => sum + weight(task.status), 0);
  return request.tasks.length === 0 ? 100 : (total / request.tasks.length) * 100;
}

export interface RestartBody {
  requestInfo: JsonObject;
  body: JsonObject;
}

/**
 * POST /requests with command RESTART (apache/ambari release-2.7.3
 * AmbariCustomCommandExecutionHelper.addCustomCommandAction,
 * RequestResourceProvider.parseRequestResourceFilter): candidates are exactly the filter's `hosts`; the
 * operation level drops hosts in maintenance (CLUSTER: any effective maintenance; SERVICE: the host or
 * the component itself in maintenance); nothing left because of maintenance → no request (201, empty).
 */
export function createRestart(cluster: SimCluster, item: RestartBody, now: number, user: string): SimRequest | undefined {
  const info = item.requestInfo;
  if (info.command !== 'RESTART') throw serverError(`Unsupported action ${String(info.command)} (the simulator implements RESTART only)`);
  const filters = (item.body.Requests as JsonObject | undefined)?.resource_filters;
  if (!Array.isArray(filters) || filters.length === 0) {
    throw serverError('Command execution cannot proceed without a resource filter.');
  }
  const level = (info.operation_level as JsonObject | undefined)?.level;
  const levelName = typeof level === 'string' ? level : null;
  const tasks: SimTask[] = [];
  for (const raw of filters as JsonValue[]) {
    const filter = raw as JsonObject;
    if (Array.isArray(filter.hosts)) throw serverError('java.lang.ClassCastException');
    const serviceName = filter.service_name as string | undefined;
    const componentName = filter.component_name as string | undefined;
    let candidates: SimHostComponent[];
    if (typeof filter.hosts_predicate === 'string') {
      const wanted = new Set(
        cluster.hosts.filter((h) => matchesSimplePredicate(cluster, h.name, filter.hosts_predicate as string)).map((h) => h.name),
      );
      candidates = cluster.hostComponents.filter((hc) => wanted.has(hc.host) && !hc.component.endsWith('_CLIENT'));
    } else {
      if (!cluster.services.some((s) => s.name === serviceName)) {
        throw serverError(`Service not found, clusterName=${cluster.name}, serviceName=${serviceName}`);
      }
      if (!componentName) throw serverError(`Unsupported action RESTART for Service: ${serviceName} and Component: null`);
      const hosts = typeof filter.hosts === 'string' ? filter.hosts.split(',').map((h) => h.trim()).filter(Boolean) : [];
      candidates = cluster.hostComponents.filter((hc) => hc.component === componentName && hosts.includes(hc.host));
      if (hosts.length === 0) {
        throw serverError(`While building the RESTART custom command for ${serviceName}/${componentName}, there were no healthy eligible hosts`);
      }
    }
    for (const hc of candidates) {
      if (!allowedAtLevel(cluster, hc, levelName)) continue;
      tasks.push({
        id: nextTaskId++,
        host: hc.host,
        role: hc.component,
        service: hc.service,
        status: 'PENDING',
        stepsLeft: cluster.restarts.steps,
        stdout: '',
        stderr: '',
        exitCode: 999,
        startTime: -1,
        endTime: -1,
      });
    }
  }
  if (tasks.length === 0) return undefined;
  const request: SimRequest = {
    id: nextRequestId++,
    context: typeof info.context === 'string' ? info.context : '',
    operationLevel: levelName,
    resourceFilters: (filters as JsonObject[]).map((f) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v)]))),
    createTime: now,
    tasks,
    user,
  };
  cluster.requests.push(request);
  return request;
}

/** MaintenanceStateHelper.isOperationAllowed for the levels a client can send. */
function allowedAtLevel(cluster: SimCluster, hc: SimHostComponent, level: string | null): boolean {
  const effective = effectiveMaintenance(cluster, hc);
  if (level === 'CLUSTER') return effective === 'OFF';
  if (level === 'SERVICE') return effective === 'OFF' || effective === 'IMPLIED_FROM_SERVICE';
  return true; // HOST_COMPONENT (guessed when absent): always allowed.
}

/** hosts_predicate in the simulator: `HostRoles/...=v&...` over the host's components, or Hosts/host_name. */
function matchesSimplePredicate(cluster: SimCluster, host: string, predicate: string): boolean {
  const resource = hostResource(cluster, cluster.hosts.find((h) => h.name === host)!);
  return predicate.split('&').every((term) => {
    const [path, value] = term.split('=');
    if (!path || value === undefined) return false;
    if (path.startsWith('HostRoles/')) {
      return resource.children.host_components!.some((child) => String(readPath(child, path)) === value);
    }
    return String(readPath(resource, path)) === value;
  });
}

function readPath(resource: Resource, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = resource.properties;
  for (const segment of path.split('/')) value = value && typeof value === 'object' && !Array.isArray(value) ? value[segment] : undefined;
  return value;
}

/**
 * Someone restarts the brokers from the Ambari UI ("Restart All Affected"): a RESTART request of every
 * KAFKA_BROKER, its tasks lasting `steps` clock steps. For tests that need a restart kafka-aks did not start.
 */
export function restartFromTheUi(cluster: SimCluster, steps: number): SimRequest {
  const before = cluster.restarts.steps;
  cluster.restarts.steps = steps;
  const hosts = cluster.hostComponents.filter((hc) => hc.component === 'KAFKA_BROKER').map((hc) => hc.host);
  const request = createRestart(
    cluster,
    {
      requestInfo: { command: 'RESTART', context: 'Restart all components with Stale Configs for Kafka', operation_level: { level: 'SERVICE' } },
      body: { Requests: { resource_filters: [{ service_name: 'KAFKA', component_name: 'KAFKA_BROKER', hosts: hosts.join(',') }] } },
    },
    0,
    'admin',
  )!;
  cluster.restarts.steps = before;
  return request;
}

/**
 * One clock step for every running request of the cluster. A request waits, its tasks PENDING, while an
 * earlier request still has an unfinished task on any of its hosts: Ambari runs stages of different
 * requests at once only if the later stage's hosts do not intersect the hosts of earlier requests'
 * pending stages (apache/ambari ActionScheduler.filterParallelPerHostStages). So two restarts of one
 * broker never overlap; the later one restarts it again afterwards.
 */
export function advanceRequests(cluster: SimCluster, now: number): void {
  const busy = new Set<string>();
  const ordered = [...cluster.requests].sort((a, b) => a.id - b.id);
  const blocked = new Set<SimRequest>();
  for (const request of ordered) {
    const unfinished = request.tasks.filter((task) => !TERMINAL.has(task.status));
    if (unfinished.length === 0) continue;
    if (request.tasks.some((task) => busy.has(task.host))) blocked.add(request);
    for (const task of unfinished) busy.add(task.host);
  }
  for (const request of ordered) {
    if (blocked.has(request)) continue;
    for (const task of request.tasks) advanceTask(cluster, task, now);
  }
  const down = cluster.hostComponents.filter((hc) => hc.component === 'KAFKA_BROKER' && hc.state !== 'STARTED').length;
  cluster.maxBrokersDown = Math.max(cluster.maxBrokersDown, down);
}

function advanceTask(cluster: SimCluster, task: SimTask, now: number): void {
  const hc = cluster.hostComponents.find((c) => c.host === task.host && c.component === task.role)!;
  switch (task.status) {
    case 'PENDING':
      task.status = 'QUEUED';
      return;
    case 'QUEUED':
      task.status = 'IN_PROGRESS';
      task.startTime = now;
      hc.state = 'STARTING'; // stopped, and being started again: the broker is down
      tell(cluster, hc, 'down');
      return;
    case 'IN_PROGRESS':
      task.stepsLeft -= 1;
      if (task.stepsLeft > 0) return;
      finishRestart(cluster, task, hc, now);
      return;
    default:
  }
}

function finishRestart(cluster: SimCluster, task: SimTask, hc: SimHostComponent, now: number): void {
  task.endTime = now;
  const fault = cluster.restarts.faults.get(task.host);
  if (fault) {
    task.status = fault.status;
    task.exitCode = fault.status === 'FAILED' ? 1 : 999;
    task.stderr = fault.stderr ?? (fault.status === 'FAILED' ? 'Execution of kafka start failed (simulated fault)' : '');
    hc.state = 'INSTALLED';
    tell(cluster, hc, 'failed');
    return;
  }
  if (hc.component !== 'KAFKA_BROKER') {
    task.status = 'COMPLETED';
    task.exitCode = 0;
    hc.state = 'STARTED';
    return;
  }
  const started = startWithDesiredConfigs(cluster, hc);
  if (started.error) {
    task.status = 'FAILED';
    task.exitCode = 1;
    task.stderr = `resource_management.core.exceptions.ExecutionFailed: Kafka broker did not start.\n${started.error}`;
    hc.state = 'INSTALLED';
    tell(cluster, hc, 'failed');
    return;
  }
  task.status = 'COMPLETED';
  task.exitCode = 0;
  task.stdout = `Kafka broker started on ${hc.host}`;
  hc.state = 'STARTED';
  for (const type of cluster.services.find((s) => s.name === hc.service)?.configTypes ?? []) {
    hc.actualTags[type] = cluster.desiredTags.get(type)!;
  }
  tell(cluster, hc, 'up');
}

function tell(cluster: SimCluster, hc: SimHostComponent, phase: BrokerRestartEvent['phase']): void {
  if (hc.component !== 'KAFKA_BROKER') return;
  const ip = cluster.hosts.find((h) => h.name === hc.host)!.ip;
  for (const observer of cluster.restartObservers) observer({ host: hc.host, ip, phase });
}

/** Start a broker with the configs desired now, and remember what it read. */
export function startWithDesiredConfigs(cluster: SimCluster, hc: SimHostComponent): BrokerStart {
  const host = cluster.hosts.find((h) => h.name === hc.host)!;
  const started = startBroker(
    { fqdn: host.name, ip: host.ip },
    desiredConfig(cluster, 'kafka-broker')?.properties ?? {},
    desiredConfig(cluster, 'kafka-env')?.properties.content ?? '',
  );
  cluster.brokers.set(hc.host, started);
  return started;
}

/** What a broker runs with now: rendered from the tags it last started with when not yet known. */
export function brokerRuntime(cluster: SimCluster, host: string): BrokerStart {
  const known = cluster.brokers.get(host);
  if (known) return known;
  const hc = cluster.hostComponents.find((c) => c.host === host && c.component === 'KAFKA_BROKER');
  if (!hc) throw new Error(`${host} runs no Kafka broker`);
  const facts = cluster.hosts.find((h) => h.name === host)!;
  const configOf = (type: string) => cluster.configs.get(type)?.find((c) => c.tag === hc.actualTags[type]);
  const started = startBroker(
    { fqdn: facts.name, ip: facts.ip },
    configOf('kafka-broker')?.properties ?? {},
    configOf('kafka-env')?.properties.content ?? '',
  );
  cluster.brokers.set(host, started);
  return started;
}

/** PUT /requests/{id} with ABORTED (apache/ambari RequestResourceProvider.updateResources). */
export function abortRequest(request: SimRequest): void {
  if (TERMINAL.has(requestStatus(request))) return; // silently ignored, even with tasks still running
  for (const task of request.tasks) {
    if (!TERMINAL.has(task.status)) task.status = 'ABORTED';
  }
}

export function requestResource(cluster: SimCluster, request: SimRequest): Resource {
  const count = (status: TaskStatus) => request.tasks.filter((t) => t.status === status).length;
  const finished = request.tasks.filter((t) => TERMINAL.has(t.status));
  const status = requestStatus(request);
  const href = `${INTERNAL_BASE}/clusters/${cluster.name}/requests/${request.id}`;
  return {
    type: 'Request',
    href,
    keys: ['Requests/cluster_name', 'Requests/id'],
    properties: {
      Requests: {
        aborted_task_count: count('ABORTED'),
        cluster_name: cluster.name,
        // CalculatedStatus.calculateStatusCounts adds every finished task to the COMPLETED counter
        // (RequestResourceProviderTest.testGetResourcesFailed: 1 FAILED + 1 COMPLETED count 2).
        completed_task_count: finished.length,
        create_time: request.createTime,
        end_time: TERMINAL.has(status) && finished.length === request.tasks.length ? Math.max(...request.tasks.map((t) => t.endTime)) : -1,
        exclusive: false,
        failed_task_count: count('FAILED'),
        id: request.id,
        inputs: null,
        operation_level: request.operationLevel,
        progress_percent: progressPercent(request),
        queued_task_count: count('QUEUED'),
        request_context: request.context,
        request_schedule: null,
        request_status: status,
        resource_filters: request.resourceFilters.map((f) => ({ ...f, hosts: f.hosts ? f.hosts.split(',') : [] })),
        start_time: Math.min(...request.tasks.map((t) => t.startTime).filter((t) => t >= 0), Number.MAX_SAFE_INTEGER) === Number.MAX_SAFE_INTEGER
          ? -1
          : Math.min(...request.tasks.map((t) => t.startTime).filter((t) => t >= 0)),
        task_count: request.tasks.length,
        timed_out_task_count: count('TIMEDOUT'),
        type: 'COMMAND',
        user_name: request.user,
      },
    },
    children: {
      tasks: request.tasks.map((task) => ({
        type: 'Task',
        href: `${href}/tasks/${task.id}`,
        keys: ['Tasks/cluster_name', 'Tasks/id', 'Tasks/request_id'],
        properties: {
          Tasks: {
            attempt_cnt: task.startTime < 0 ? 0 : 1,
            cluster_name: cluster.name,
            command: 'CUSTOM_COMMAND',
            command_detail: `RESTART ${task.service}/${task.role}`,
            end_time: task.endTime,
            exit_code: task.exitCode,
            host_name: task.host,
            id: task.id,
            request_id: request.id,
            role: task.role,
            stage_id: 0,
            start_time: task.startTime,
            status: task.status,
            stderr: task.stderr,
            stdout: task.stdout,
          },
        },
        children: {},
      })),
    },
  };
}
