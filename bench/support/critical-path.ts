// The shortest time `kafka-aks up` can take in the simulated world, from its first request to its exit,
// computed from the world's knobs rather than measured: a chain of round trips that depend on each other,
// plus the waits the world imposes. Anything the CLI does beyond it (a call that could have run at once
// with another, a sleep, a poll later than Retry-After) shows as a ratio above 1.
//
// Knobs: A = ARM latency per answer, T = each peering's long-running operation, L = Ambari latency per
// answer, S = clock steps a broker restart spends IN_PROGRESS, P = --poll-interval.
//
// 1. reads: Azure and Ambari at once, the slower decides.
//      Azure:  the AKS and HDInsight clusters (1 A, both at once), then both VNets with their peerings (1 A).
//      Ambari: the gateway settings through ARM give the login (1 A); the desired config tags (1 L); then the
//              kafka-env and kafka-broker configs, the broker hosts and the service, all at once (1 L).
//      reads = max(2A, A + 2L)
// 2. peer: both PUTs at once (1 A); ARM ends each operation T later and says so in Retry-After (whole
//      seconds: T is a whole number of seconds here, so a poll at Retry-After finds it done); that poll
//      (1 A); reading both peerings back to verify them (1 A).       peer = A + T + A + A
// 3. configure-advertising: the config write (1 L), maintenance ON (1 L), the restart POST (1 L), following
//      the request, maintenance OFF (1 L), the verification reads at once (1 L). Following: the simulator's
//      clock moves one step per poll (test/sim/clock.ts), and a restart request completes on the clock's
//      step S + 2 (PENDING to QUEUED, QUEUED to IN_PROGRESS, then S steps), so it takes S + 2 polls with
//      a poll interval between each: (S + 2) L + (S + 1) P. No client can do better here, since simulated
//      time moves only when polled: the wall time of a restart is the poll interval's to choose.
//      The last poll's answer also waits while the simulator starts the brokers (it runs each one's
//      kafka-env through bash, ~0.1 s apiece): measured in the simulator, not modelled.
//      advertising = 5 L + (S + 2) L + (S + 1) P + broker starts
// 4. brokers: the hosts and the port are known from the verification and the config: nothing to wait for.
// 5. smoke-test: its floor is measured, not modelled: the same smoke test from a pod in AKS, run alone on
//      the green world on a new topic (from its first run command to its last answer), since it is the
//      pod's start, CPU and Kafka-simulator time, and the run command's polls, not latency.
// 6. configmap: measured likewise: `brokers --apply-configmap` for a new ConfigMap (a read, then an apply),
//      from its first run command to its last answer.
// 7. exit: nothing to wait for once the ConfigMap is written.
export interface WorldKnobs {
  armLatencyMs: number;
  peeringOperationMs: number;
  ambariLatencyMs: number;
  restartSteps: number;
  pollIntervalMs: number;
}

export interface CriticalPath {
  reads: number;
  peer: number;
  advertising: number;
  brokers: number;
  smoke: number;
  configmap: number;
  total: number;
}

/** What the world spends that is measured rather than derived from knobs (see 3. and 5. above). */
export interface MeasuredFloors {
  brokerStartsMs: number;
  smokeMs: number;
  configMapMs: number;
}

export function criticalPath(knobs: WorldKnobs, floors: MeasuredFloors): CriticalPath {
  const { armLatencyMs: A, peeringOperationMs: T, ambariLatencyMs: L, restartSteps: S, pollIntervalMs: P } = knobs;
  if (T % 1000 !== 0) throw new Error('the model assumes whole-second operations: ARM rounds Retry-After up to whole seconds');
  const reads = Math.max(2 * A, A + 2 * L);
  const peer = A + T + A + A;
  const advertising = 5 * L + (S + 2) * L + (S + 1) * P + floors.brokerStartsMs;
  return {
    reads,
    peer,
    advertising,
    brokers: 0,
    smoke: floors.smokeMs,
    configmap: floors.configMapMs,
    total: reads + peer + advertising + floors.smokeMs + floors.configMapMs,
  };
}
