// What makes `--rolling` safe: between brokers, wait until the restarted broker is back in Kafka's
// metadata and no partition is under-replicated, and restart the controller last (as Strimzi's
// KafkaRoller does: strimzi/strimzi-kafka-operator KafkaRoller.java). Composes the two domains the way
// docs/architecture.md ("The layers") wants: the broker list from src/ambari, the health from src/kafka.
// Where the brokers cannot be reached from here (the tool runs outside the VNet), the roll falls back to
// a fixed pause and says so.
import type { BrokerHost } from '../ambari/hosts.js';
import type { Context } from '../context.js';
import { operationFailed } from '../errors.js';
import { clusterHealth, waitUntilHealthy } from '../kafka/health.js';
import { probeTcp } from '../kafka/tcp-probe.js';
import type { Reporter } from '../output/reporter.js';

export interface RollingGuard {
  order: (hosts: string[]) => string[];
  afterEachBroker: (host: string) => Promise<void>;
}

export interface RollingGuardOptions {
  /** The port the brokers listen on now, and the one they listen on after their restart. */
  currentPort: number;
  targetPort: number;
  pauseSeconds: number;
  healthTimeoutMs: number;
  pollIntervalMs: number;
}

/**
 * Read Kafka's health once before the roll. Undefined means "fall back to the pause" (brokers not
 * reachable from here). Throws when partitions are already under-replicated: restarting a broker then
 * could take them offline.
 */
export async function prepareRollingGuard(
  ctx: Context,
  reporter: Reporter,
  brokers: BrokerHost[],
  options: RollingGuardOptions,
): Promise<RollingGuard | undefined> {
  reporter.begin('Checking Kafka health before the rolling restart');
  const probes = await Promise.all(brokers.map((b) => probeTcp(b.ip, options.currentPort, 3_000, ctx.signal)));
  const reachable = brokers.filter((_, i) => probes[i]!.ok);
  const fallBack = (why: string) => {
    reporter.fail('Kafka health cannot be checked from here');
    reporter.warn(`${why}: pausing ${options.pauseSeconds} s between brokers instead of checking their health (run kafka-aks inside the VNet for health checks).`);
    return undefined;
  };
  if (reachable.length === 0) {
    const first = probes[0];
    return fallBack(`The brokers do not accept connections on port ${options.currentPort} from here (${first && !first.ok ? first.error : 'no brokers'})`);
  }
  let health;
  try {
    health = await clusterHealth(reachable.map((b) => ({ host: b.ip, port: options.currentPort })), { timeoutMs: 10_000, progress: reporter });
  } catch (error) {
    return fallBack(`Kafka's metadata could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (health.underReplicatedPartitions > 0) {
    throw operationFailed(`${health.underReplicatedPartitions} partitions are already under-replicated: restarting a broker now could take them offline. Nothing was changed.`, {
      hint: 'Let the cluster recover (every ISR full) and run the command again, or restart all at once without --rolling.',
    });
  }
  const controller = health.advertised.find((b) => b.id === health.controllerId);
  const controllerHost = controller && brokers.find((b) => [b.host.toLowerCase(), b.ip].includes(controller.host.toLowerCase()))?.host;
  reporter.succeed(
    `Kafka healthy: ${health.brokers.length} brokers, no under-replicated partitions` +
      (controllerHost ? `; controller ${controllerHost} restarts last` : '; controller not matched to a host, host order kept'),
  );
  const expectedBrokers = health.brokers.length;
  return {
    order: (hosts) => (controllerHost && hosts.includes(controllerHost) ? [...hosts.filter((h) => h !== controllerHost), controllerHost] : hosts),
    afterEachBroker: async (host) => {
      const restarted = brokers.find((b) => b.host === host)!;
      // Ask the restarted broker first: it is the one that must be back, on its new port.
      const bootstrap = [
        { host: restarted.ip, port: options.targetPort },
        ...brokers.filter((b) => b !== restarted).flatMap((b) => [...new Set([options.currentPort, options.targetPort])].map((port) => ({ host: b.ip, port }))),
      ];
      await waitUntilHealthy(bootstrap, {
        expectedBrokers,
        waitMs: options.healthTimeoutMs,
        pollIntervalMs: options.pollIntervalMs,
        signal: ctx.signal,
        progress: reporter,
        what: `${host} to rejoin`,
      });
    },
  };
}
