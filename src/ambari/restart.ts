// Restarting Kafka brokers the way the runbook does, without its traps: maintenance mode ON for the
// KAFKA service first (alerts muted), the restart at SERVICE level, every request followed to its
// end, and maintenance mode OFF again on every path out - a failed restart and Ctrl-C included. If
// that last call fails, the error says exactly how to turn it off by hand (ambari.md §14 pitfall 6).
import type { Progress } from '../context.js';
import { interrupted, isKafkaAksError, KafkaAksError, operationFailed } from '../errors.js';
import { sleep } from '../sleep.js';
import type { AmbariCluster } from './cluster.js';
import { listBrokerHosts, needingRestart, type BrokerHost } from './hosts.js';
import { failedTasks, waitForRequest, type RequestStatus, type RequestTask } from './requests.js';
import { maintenanceOffByHand, readService, requestRestart, setMaintenance } from './services.js';

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
 * Restart every broker that needs it, then verify: the KAFKA service STARTED and no broker left with
 * stale configs. A failed task ends in an error naming each failed host and its last error line.
 */
export async function restartAndVerify(
  cluster: AmbariCluster,
  options: RestartAndVerifyOptions,
): Promise<{ restart: RestartOutcome; brokers: BrokerHost[] }> {
  const targets = needingRestart(await listBrokerHosts(cluster)).map((broker) => broker.host);
  const restart = await restartBrokers(cluster, targets, options);
  if (restart.failed.length > 0) {
    const failures = restart.failed.map((task) => `${task.host} (${task.status}${task.stderr ? `: ${lastLine(task.stderr)}` : ''})`);
    throw operationFailed(`The restart failed on ${failures.join('; ')}. Maintenance mode is OFF again.`, {
      hint:
        `Fix the cause and run \`${options.retryCommand}\` again (it only restarts), ` +
        `or restore the previous configuration with \`${options.rollbackCommand}\`.` +
        (restart.notRestarted.length > 0 ? ` Not restarted yet: ${restart.notRestarted.join(', ')}.` : ''),
      details: { failed: restart.failed, notRestarted: restart.notRestarted, requestIds: restart.requestIds },
    });
  }
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
  return { restart, brokers };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

export async function restartBrokers(cluster: AmbariCluster, hosts: string[], options: RestartOptions): Promise<RestartOutcome> {
  const outcome: RestartOutcome = { requestIds: [], restarted: [], failed: [], notRestarted: [] };
  const cleanup = cluster.detached();
  await setMaintenance(cluster, SERVICE, 'ON');
  let failure: unknown;
  try {
    if (options.rolling) await restartOneByOne(cluster, hosts, options, outcome);
    else await restartTogether(cluster, hosts, options, outcome);
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
    throw withHint(failure, `Maintenance mode is still ON for ${SERVICE} (turning it off failed: ${reason}). ${byHand}`, outcome);
  }
  if (failure !== undefined) throw withHint(failure, undefined, outcome);
  return outcome;
}

async function restartTogether(cluster: AmbariCluster, hosts: string[], options: RestartOptions, outcome: RestartOutcome): Promise<void> {
  const noun = `${hosts.length} broker${hosts.length === 1 ? '' : 's'}`;
  options.progress.begin(`Restarting ${noun} at once`);
  const id = await requestRestart(cluster, SERVICE, COMPONENT, hosts, options.context);
  outcome.requestIds.push(id);
  const done = await waitForRequest(cluster, id, {
    ...options,
    describe: (r) => `Restarting ${noun} at once (Ambari request ${r.id}): ${Math.round(r.progressPercent)}%, ${r.finishedCount} of ${r.taskCount} done`,
  });
  record(done, outcome);
  if (outcome.failed.length > 0) options.progress.fail(`Restart failed on ${outcome.failed.map((t) => t.host).join(', ')}`);
  else options.progress.succeed(`Restarted ${noun}`);
}

async function restartOneByOne(cluster: AmbariCluster, hosts: string[], options: RestartOptions, outcome: RestartOutcome): Promise<void> {
  const ordered = options.order ? options.order(hosts) : hosts;
  for (const [index, host] of ordered.entries()) {
    const position = `${index + 1} of ${hosts.length}`;
    options.progress.begin(`Restarting broker ${position}: ${host}`);
    const id = await requestRestart(cluster, SERVICE, COMPONENT, [host], `${options.context} (${position})`);
    outcome.requestIds.push(id);
    const done = await waitForRequest(cluster, id, {
      ...options,
      describe: (r) => `Restarting broker ${position}: ${host} (Ambari request ${r.id}): ${Math.round(r.progressPercent)}%`,
    });
    record(done, outcome);
    if (outcome.failed.length > 0) {
      outcome.notRestarted = ordered.slice(index + 1);
      options.progress.fail(`Restart of ${host} failed; the roll stops here`);
      return;
    }
    options.progress.succeed(`Restarted broker ${position}: ${host}`);
    const last = index === ordered.length - 1;
    // With a health check, wait after the last broker too: the roll ends with Kafka healthy, not just
    // with Ambari saying the broker process started.
    if (options.afterEachBroker) {
      options.progress.begin(`Waiting for Kafka to be healthy ${last ? 'again' : 'before the next broker'}`);
      try {
        await options.afterEachBroker(host);
      } catch (error) {
        outcome.notRestarted = ordered.slice(index + 1);
        throw error;
      }
      options.progress.succeed(`Kafka healthy again after ${host}: every broker back, no under-replicated partition`);
    } else if (!last && options.pauseMs > 0) {
      options.progress.begin(`Pausing ${options.pauseMs / 1000} s before the next broker`);
      await sleep(options.pauseMs, options.signal);
    }
  }
}

function record(request: RequestStatus, outcome: RestartOutcome): void {
  const failed = failedTasks(request);
  outcome.failed.push(...failed);
  outcome.restarted.push(...request.tasks.filter((t) => t.status === 'COMPLETED').map((t) => t.host));
}

/** The error that ends the restart, with what the operator needs to know about where things stand. */
function withHint(failure: unknown, maintenanceNote: string | undefined, outcome: RestartOutcome): unknown {
  if (!(failure instanceof KafkaAksError)) return failure;
  const running = outcome.requestIds.length > 0 ? ` Ambari request ${outcome.requestIds.at(-1)} may still be running (see Background Operations).` : '';
  if (failure.kind === 'interrupted') {
    return interrupted(`Interrupted by Ctrl-C while restarting Kafka brokers.${running}`, {
      hint: `${maintenanceNote ?? 'Maintenance mode is OFF again.'} Run the same command again to finish the restart (configs already written are not written twice).`,
      details: { ...outcome },
    });
  }
  if (!maintenanceNote) return failure;
  return new KafkaAksError(failure.kind, failure.message, { hint: `${maintenanceNote} ${failure.hint ?? ''}`.trim(), details: failure.details, cause: failure });
}
