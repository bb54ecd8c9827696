// Restarting Kafka brokers the way the runbook does, without its traps: maintenance mode ON for the
// KAFKA service first (alerts muted), the restart at SERVICE level, every request followed to its
// end, and maintenance mode OFF again on every path out - a failed restart and Ctrl-C included, and
// from the moment the ON request is sent (an interrupt while it is in flight cannot know whether it
// landed). If that last call fails, the error says exactly how to turn it off by hand (left ON, it keeps
// alerts muted and bulk operations skipping KAFKA: apache/ambari MaintenanceStateHelper.java). A restart
// that someone else (another kafka-aks run, the Ambari UI) already has running is followed, never doubled.
import type { Progress } from '../context.js';
import { interruptionAt, isInterruption, isKafkaAksError, KafkaAksError, operationFailed } from '../errors.js';
import { sleep } from '../sleep.js';
import type { AmbariCluster } from './cluster.js';
import { listBrokerHosts, needingRestart, type BrokerHost } from './hosts.js';
import { abortRequest, failedTasks, runningRequestsOf, waitForRequest, type RequestStatus, type RequestTask, type RunningRequest } from './requests.js';
import { maintenanceOffByHand, readService, requestRestart, setMaintenance } from './services.js';
import { counted } from '../counted.js';

export interface RestartOptions {
  /** One broker at a time, each followed to the end before the next. */
  rolling: boolean;
  /** Pause between brokers of a rolling restart, when there is no health check to wait on. */
  pauseMs: number;
  /**
   * For a rolling restart: wait after each broker (the last one too) until Kafka is healthy again
   * (from src/kafka, composed by the command); replaces the pause. A rejection stops the roll.
   */
  afterEachBroker?: (host: string) => Promise<void>;
  /** For a rolling restart: the order to restart in (the controller last); default host order. */
  order?: (hosts: string[]) => string[];
  pollIntervalMs: number;
  /** How long to follow one Ambari restart request before giving up on it (it goes on in Ambari). */
  timeoutMs: number;
  signal: AbortSignal;
  progress: Progress;
  /** The Ambari request context, as shown in Ambari's Background Operations. */
  context: string;
}

export interface RestartOutcome {
  requestIds: number[];
  restarted: string[];
  failed: RequestTask[];
  /** Brokers a rolling restart never reached because an earlier one failed. */
  notRestarted: string[];
  /** Restart requests someone else had running, which this run waited for instead of starting its own. */
  followed: number[];
}

const SERVICE = 'KAFKA';
const COMPONENT = 'KAFKA_BROKER';

export interface RestartAndVerifyOptions extends RestartOptions {
  /** What the operator runs to try again, e.g. the same command. */
  retryCommand: string;
  /** What the operator runs to undo the configuration change. */
  rollbackCommand: string;
}

/**
 * Restart the brokers the caller chose (its inspection decided, and the operator confirmed that list),
 * then verify: the KAFKA service STARTED and no broker left with stale configs. A failed task ends in an
 * error naming each failed host and its last error line.
 */
export async function restartAndVerify(
  cluster: AmbariCluster,
  targets: string[],
  options: RestartAndVerifyOptions,
): Promise<{ restart: RestartOutcome; brokers: BrokerHost[] }> {
  const outcome: RestartOutcome = { requestIds: [], restarted: [], failed: [], notRestarted: [], followed: [] };
  await followRunningRestarts(cluster, options, outcome);
  // A restart someone else ran may have done part of the job: only the chosen brokers still behind.
  const remaining = outcome.followed.length > 0 ? await stillBehind(cluster, targets) : targets;
  if (remaining.length > 0) await restartBrokers(cluster, remaining, options, outcome);
  if (outcome.failed.length > 0) {
    const failures = outcome.failed.map((task) => `${task.host} (${task.status}${task.stderr ? `: ${lastLine(task.stderr)}` : ''})`);
    throw operationFailed(`The restart failed on ${failures.join('; ')}. Maintenance mode is OFF again.`, {
      hint:
        `Fix the cause and run \`${options.retryCommand}\` again (it only restarts), ` +
        `or restore the previous configuration with \`${options.rollbackCommand}\`.` +
        (outcome.notRestarted.length > 0 ? ` Not restarted yet: ${outcome.notRestarted.join(', ')}.` : ''),
      details: { failed: outcome.failed, notRestarted: outcome.notRestarted, requestIds: outcome.requestIds },
    });
  }
  const brokers = await afterTheRestart(() => verify(cluster, options), options);
  return { restart: outcome, brokers };
}

async function verify(cluster: AmbariCluster, options: RestartAndVerifyOptions): Promise<BrokerHost[]> {
  options.progress.begin('Verifying: every broker started with the new configuration');
  const [brokers, service] = await Promise.all([listBrokerHosts(cluster), readService(cluster, SERVICE)]);
  const behind = needingRestart(brokers);
  if (behind.length > 0 || service.state !== 'STARTED') {
    const who = behind.map((b) => `${b.host} is ${b.state}${b.staleConfigs ? ' with stale configs' : ''}`).join(', ');
    throw operationFailed(`After the restart, Kafka is ${service.state}${who ? ` and ${who}` : ''}.`, {
      hint: `Check the brokers in Ambari, then run \`${options.retryCommand}\` again.`,
    });
  }
  options.progress.succeed(`Verified: ${brokers.length} brokers started, none with stale configs`);
  return brokers;
}

/**
 * A step after the restart ended and maintenance mode is OFF again (verifying, reading what the brokers
 * advertise): an interruption here leaves nothing half-done, and the message says so.
 */
export async function afterTheRestart<T>(step: () => Promise<T>, options: { retryCommand: string }): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isInterruption(error)) throw error;
    throw interruptionAt(error, 'after the restart, while checking the brokers.', {
      hint: `The restart has ended and maintenance mode is OFF. Run \`${options.retryCommand}\` again to check the brokers: it restarts nothing that is already right.`,
    });
  }
}

/**
 * A KAFKA_BROKER restart already running in Ambari (a run interrupted a moment ago, another operator,
 * a second kafka-aks started at the same time) is followed to its end, not doubled: two restarts of
 * one broker at once fight over its process, and the first to finish would turn maintenance mode OFF
 * under the other. Maintenance mode is left as its owner set it.
 */
async function followRunningRestarts(cluster: AmbariCluster, options: RestartOptions, outcome: RestartOutcome): Promise<void> {
  for (const running of await runningRequestsOf(cluster, COMPONENT)) {
    options.progress.warn(`${labelOf(running)} is already restarting Kafka brokers (${running.hosts.join(', ')}): following it instead of starting another restart.`);
    try {
      await follow(cluster, running, options, outcome);
    } catch (error) {
      throw whileFollowing(error, running);
    }
  }
}

const labelOf = (running: RunningRequest) => `Ambari request ${running.id} ("${running.context}")`;

/** Follow a restart request this run did not start to its end. */
async function follow(cluster: AmbariCluster, running: RunningRequest, options: RestartOptions, outcome: RestartOutcome): Promise<RequestStatus> {
  const label = labelOf(running);
  options.progress.begin(`Following ${label}`);
  const done = await waitForRequest(cluster, running.id, {
    ...options,
    describe: (r) => `Following ${label}: ${Math.round(r.progressPercent)}%, ${r.finishedCount} of ${r.taskCount} done`,
  });
  outcome.followed.push(running.id);
  options.progress.succeed(`${label} ended: ${done.status}`);
  return done;
}

function whileFollowing(error: unknown, running: RunningRequest): unknown {
  if (!(error instanceof KafkaAksError)) return error;
  const still = `Ambari request ${running.id} ("${running.context}"), which this run did not start, goes on in Ambari (Background Operations); maintenance mode was not changed.`;
  if (isInterruption(error)) {
    return interruptionAt(error, `while following Ambari request ${running.id}.`, {
      hint: `${still} Run the same command again once it has ended: it restarts only the brokers still behind.`,
    });
  }
  return new KafkaAksError(error.kind, error.message, { hint: `${still} ${error.hint ?? ''}`.trim(), details: error.details, cause: error });
}

async function stillBehind(cluster: AmbariCluster, targets: string[]): Promise<string[]> {
  const behind = new Set(needingRestart(await listBrokerHosts(cluster)).map((broker) => broker.host));
  return targets.filter((host) => behind.has(host));
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/** Where a restart stands when it stops early: what the operator needs in the message. */
interface RestartProgress {
  /** The restart request on its way to Ambari (no id yet), or posted and not yet followed to its end. */
  unfinished: { id: number | undefined; hosts: string[] } | undefined;
}

async function restartBrokers(cluster: AmbariCluster, hosts: string[], options: RestartOptions, outcome: RestartOutcome): Promise<void> {
  const cleanup = cluster.detached();
  const progress: RestartProgress = { unfinished: undefined };
  let failure: unknown;
  try {
    // Inside the try: once this PUT is sent, it may land even if we are interrupted before it answers.
    await setMaintenance(cluster, SERVICE, 'ON');
    const run = { cluster, options, outcome, progress };
    if (options.rolling) await restartOneByOne(run, hosts);
    else await restartTogether(run, hosts);
  } catch (error) {
    failure = error;
  }
  try {
    await setMaintenance(cleanup, SERVICE, 'OFF');
  } catch (offError) {
    const byHand = maintenanceOffByHand(cluster.client.baseUrl, cluster.name, SERVICE);
    const reason = isKafkaAksError(offError) ? offError.message : String(offError);
    if (failure === undefined) {
      throw operationFailed(`The brokers restarted, but turning maintenance mode OFF for ${SERVICE} failed: ${reason}`, {
        hint: byHand,
        cause: offError,
      });
    }
    throw withState(failure, `Maintenance mode is still ON for ${SERVICE} (turning it off failed: ${reason}). ${byHand}`, outcome, progress);
  }
  if (failure !== undefined) throw withState(failure, 'Maintenance mode is OFF again.', outcome, progress);
}

/** One restart under way: where it goes, how, and what it has done so far. */
interface RestartRun {
  cluster: AmbariCluster;
  options: RestartOptions;
  outcome: RestartOutcome;
  progress: RestartProgress;
}

async function restartTogether(run: RestartRun, hosts: string[]): Promise<void> {
  const { options, outcome } = run;
  const noun = counted(hosts.length, 'broker');
  options.progress.begin(`Restarting ${noun} at once`);
  const done = await postAndFollow(run, hosts, options.context, (r) =>
    `Restarting ${noun} at once (Ambari request ${r.id}): ${Math.round(r.progressPercent)}%, ${r.finishedCount} of ${r.taskCount} done`,
  );
  if (done) record(done, outcome);
  if (outcome.failed.length > 0) options.progress.fail(`Restart failed on ${outcome.failed.map((t) => t.host).join(', ')}`);
  else options.progress.succeed(`Restarted ${noun}`);
}

async function restartOneByOne(run: RestartRun, hosts: string[]): Promise<void> {
  const { options, outcome } = run;
  const ordered = options.order ? options.order(hosts) : hosts;
  for (const [index, host] of ordered.entries()) {
    const position = `${index + 1} of ${hosts.length}`;
    outcome.notRestarted = ordered.slice(index + 1);
    // A restart this run gave way to (postAndFollow), or another run's, may have restarted it already
    // while the roll went on: asked before each broker, so none is restarted twice.
    if (index > 0 && (await stillBehind(run.cluster, [host])).length === 0) {
      options.progress.begin(`Restarting broker ${position}: ${host}`);
      options.progress.succeed(`Broker ${position}: ${host} already runs with the new configuration (restarted meanwhile by another Ambari request)`);
      continue;
    }
    options.progress.begin(`Restarting broker ${position}: ${host}`);
    const done = await postAndFollow(run, [host], `${options.context} (${position})`, (r) =>
      `Restarting broker ${position}: ${host} (Ambari request ${r.id}): ${Math.round(r.progressPercent)}%`,
    );
    if (done) record(done, outcome);
    if (outcome.failed.length > 0) {
      options.progress.fail(`Restart of ${host} failed; the roll stops here`);
      return;
    }
    options.progress.succeed(`Restarted broker ${position}: ${host}`);
    const last = index === ordered.length - 1;
    // With a health check, wait after the last broker too: the roll ends with Kafka healthy, not just
    // with Ambari saying the broker process started.
    if (options.afterEachBroker) {
      options.progress.begin(`Waiting for Kafka to be healthy ${last ? 'again' : 'before the next broker'}`);
      await options.afterEachBroker(host);
      options.progress.succeed(`Kafka healthy again after ${host}: every broker back, no under-replicated partition`);
    } else if (!last && options.pauseMs > 0) {
      options.progress.begin(`Pausing ${options.pauseMs / 1000} s before the next broker`);
      await sleep(options.pauseMs, options.signal);
    }
  }
}

/**
 * POST one restart request and follow it to its end, keeping track of what may still be running.
 * Undefined when the hosts were restarted by an earlier request this run followed instead (below).
 */
async function postAndFollow(run: RestartRun, hosts: string[], context: string, describe: (request: RequestStatus) => string): Promise<RequestStatus | undefined> {
  const { cluster, options, outcome, progress } = run;
  let wanted = hosts;
  for (let yielded = 0; ; yielded += 1) {
    progress.unfinished = { id: undefined, hosts: wanted };
    const id = await requestRestart(cluster, SERVICE, COMPONENT, wanted, context);
    progress.unfinished = { id, hosts: wanted };
    outcome.requestIds.push(id);
    // Each yield follows an earlier request to its end, and a rolling run beside this one posts one per
    // broker. Only past that many does this run stop giving way (Ambari then runs ours after theirs).
    const earlier = yielded < MAX_YIELDS ? await earlierRestartOf(cluster, id, wanted) : undefined;
    if (earlier === undefined) {
      const done = await waitForRequest(cluster, id, { ...options, describe });
      progress.unfinished = undefined;
      return done;
    }
    wanted = await yieldTo(run, earlier, id, wanted);
    if (wanted.length === 0) return undefined;
  }
}

const MAX_YIELDS = 10;

/**
 * Two runs that each found no restart running may each post one: two kafka-aks runs started together,
 * or the Ambari UI at the same moment. Ambari starts a later request on a host only once every earlier
 * request's tasks there have ended (apache/ambari ActionScheduler.filterParallelPerHostStages), so a
 * restart request posted after another one for the same brokers is still waiting: the later one gives
 * way, and each broker restarts once.
 */
async function earlierRestartOf(cluster: AmbariCluster, id: number, hosts: string[]): Promise<RunningRequest | undefined> {
  const running = await runningRequestsOf(cluster, COMPONENT);
  return running.filter((r) => r.id < id && r.hosts.some((host) => hosts.includes(host))).sort((a, b) => a.id - b.id)[0];
}

/** Abort our waiting request, follow the earlier one, and say which of `hosts` are still behind. */
async function yieldTo(run: RestartRun, earlier: RunningRequest, ours: number, hosts: string[]): Promise<string[]> {
  const { cluster, options, outcome, progress } = run;
  options.progress.warn(
    `${labelOf(earlier)} started restarting these brokers just before this run's request ${ours}: following it instead; request ${ours} is aborted before it starts.`,
  );
  await abortRequest(cluster, ours, `kafka-aks: Ambari request ${earlier.id} already restarts these brokers`);
  outcome.requestIds = outcome.requestIds.filter((id) => id !== ours);
  // Stopped while following it, the message names the request still running (withState).
  progress.unfinished = { id: earlier.id, hosts: earlier.hosts };
  const done = await follow(cluster, earlier, options, outcome);
  progress.unfinished = undefined;
  const behind = await stillBehind(cluster, hosts);
  outcome.restarted.push(...done.tasks.filter((t) => t.status === 'COMPLETED' && hosts.includes(t.host) && !behind.includes(t.host)).map((t) => t.host));
  return behind;
}

function record(request: RequestStatus, outcome: RestartOutcome): void {
  const failed = failedTasks(request);
  outcome.failed.push(...failed);
  outcome.restarted.push(...request.tasks.filter((t) => t.status === 'COMPLETED').map((t) => t.host));
}

/** The error that ends the restart, with where things stand: maintenance mode, and what may still run. */
function withState(failure: unknown, maintenance: string, outcome: RestartOutcome, progress: RestartProgress): unknown {
  if (!(failure instanceof KafkaAksError)) return failure;
  const unfinished = progress.unfinished;
  const running =
    unfinished === undefined
      ? ''
      : unfinished.id === undefined
        ? `A request to restart ${unfinished.hosts.join(', ')} may have reached Ambari before its answer came back (see Background Operations).`
        : `Ambari request ${unfinished.id} (restarting ${unfinished.hosts.join(', ')}) is still running in Ambari (Background Operations).`;
  const notRestarted = outcome.notRestarted.length > 0 ? `Not restarted yet: ${outcome.notRestarted.join(', ')}.` : '';
  const again =
    'Run the same command again to finish: it follows a restart still running instead of starting another, ' +
    'and restarts only the brokers still behind (configuration already written is not written again).';
  const details = { ...outcome, requestStillRunning: unfinished?.id ?? null };
  if (isInterruption(failure)) {
    const stage = outcome.requestIds.length === 0 && unfinished === undefined ? 'before any broker was restarted' : 'while restarting Kafka brokers';
    return interruptionAt(failure, join(`${stage}.`, running), { hint: join(maintenance, notRestarted, again), details });
  }
  // A failure while following a request (a timeout, Ambari unreachable) leaves that request running.
  return new KafkaAksError(failure.kind, join(failure.message, unfinished?.id !== undefined && !new RegExp(`request ${unfinished.id}\\b`).test(failure.message) ? running : ''), {
    // Its own hint ("try again") is said better by `again`, but a refused login keeps what to check.
    hint: join(maintenance, unfinished?.id !== undefined && failure.kind === 'failed' ? '' : (failure.hint ?? ''), unfinished?.id !== undefined ? again : ''),
    details: failure.details ?? details,
    cause: failure,
  });
}

function join(...sentences: string[]): string {
  return sentences.filter((s) => s !== '').join(' ');
}
