// bench/runbook: `kafka-aks up` from zero on the simulated world with latencies scaled down from Azure's
// (ARM answers, each peering's long-running operation, Ambari answers, a broker restart), against the
// critical path the world's knobs imply (support/critical-path.ts, where the model is written out).
// Ratio = measured / critical path, from the CLI's first request to its exit; target at most 1.10: no
// fixed sleeps, polls that follow Retry-After, independent reads at once. Node's start-up and loading the
// SDKs before the first request are printed apart (bench/cold-start covers start-up).
// Each phase is timed between the CLI's own "Step n of 5" lines, so a miss names its phase;
// BENCH_TIMELINE=1 prints every request and progress line of the last run, for finding why.
import { startWorld } from '../test/sim/world.js';
import { runCli } from '../test/support/cli.js';
import { criticalPath, type CriticalPath, type WorldKnobs } from './support/critical-path.js';
import { spread, type Spread } from './support/stats.js';
import { timelineOf, type Moment } from './support/timeline.js';

// Scaled down about 1:10 from what an operator meets (ARM ~0.5 s, a peering ~30 s, Ambari through the
// gateway ~0.5 s, a broker restart ~1 min), keeping whole seconds where ARM's Retry-After counts them.
const KNOBS: WorldKnobs = { armLatencyMs: 50, peeringOperationMs: 3000, ambariLatencyMs: 50, restartSteps: 4, pollIntervalMs: 1000 };
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MESSAGES = 100;
const PHASES = ['reads', 'peer', 'advertising', 'brokers', 'smoke', 'configmap'] as const;
type Phase = (typeof PHASES)[number];

interface Sample {
  /** Spawn to exit. */
  wholeMs: number;
  /** Spawn to the first request any simulator saw. */
  startupMs: number;
  /** First request to exit: what the critical path models. */
  measuredMs: number;
  phases: Record<Phase, number>;
  /** This run's critical path, with the world's measured floors of this run. */
  path: CriticalPath;
  moments: Moment[];
}

async function upOnce(): Promise<Sample> {
  const world = await startWorld({ brokers: 3, arm: { lroDurationMs: KNOBS.peeringOperationMs, latencyMs: KNOBS.armLatencyMs } });
  try {
    world.ambari.knobs.latencyMs = KNOBS.ambariLatencyMs;
    world.ambari.cluster().restarts.steps = KNOBS.restartSteps;
    const timeline = timelineOf(world);
    const spawned = Date.now();
    const args = ['up', ...world.cliArgs.clusters, '--poll-interval', String(KNOBS.pollIntervalMs / 1000), '--messages', String(MESSAGES), '--yes'];
    const result = await runCli(args, { env: world.env, onSpawn: (child) => timeline.watch(child) });
    const exited = Date.now();
    timeline.stop();
    if (result.code !== 0) throw new Error(`up exited ${result.code}: ${result.stderr}`);
    const moments = timeline.moments();
    const first = moments.find((m) => m.source !== 'cli')!.at;
    const stepAt = (n: number) => moments.find((m) => m.source === 'cli' && m.text.startsWith(`Step ${n} of 5`))!.at;
    const bounds = [first, stepAt(1), stepAt(2), stepAt(3), stepAt(4), stepAt(5), exited];
    const phases = Object.fromEntries(PHASES.map((phase, i) => [phase, bounds[i + 1]! - bounds[i]!])) as Record<Phase, number>;
    const path = criticalPath(KNOBS, { brokerStartsMs: timeline.ambariStepsMs(), smokeMs: await smokeFloor(world), configMapMs: await configMapFloor(world) });
    const relative = [...moments, { at: exited, source: 'cli' as const, text: `(exit ${result.code})` }].map((m) => ({ ...m, at: m.at - spawned }));
    return { wholeMs: exited - spawned, startupMs: first - spawned, measuredMs: exited - first, phases, path, moments: relative };
  } finally {
    await world.stop();
  }
}

/**
 * The smoke test alone on the now green world, from a pod in AKS as up runs it, on a new topic as up's
 * was (so a first pod finds it missing and a second one runs the test): its first run command to its
 * last answer.
 */
async function smokeFloor(world: Awaited<ReturnType<typeof startWorld>>): Promise<number> {
  const args = ['smoke-test', '--in-aks', '--aks', world.aks.name, '--aks-resource-group', world.aks.resourceGroup, '-b', world.brokers.map((b) => `${b.ip}:${world.port}`).join(','), '-t', 'bench-smoke-floor', '--messages', String(MESSAGES)];
  return runCommandSpan(world, args);
}

/** Writing the ConfigMap alone (a new one: read, then apply), from its first run command to its last answer. */
async function configMapFloor(world: Awaited<ReturnType<typeof startWorld>>): Promise<number> {
  return runCommandSpan(world, ['brokers', ...world.cliArgs.clusters, '--apply-configmap', '--configmap', 'bench-configmap-floor']);
}

async function runCommandSpan(world: Awaited<ReturnType<typeof startWorld>>, args: string[]): Promise<number> {
  const timeline = timelineOf(world);
  const result = await runCli(args, { env: world.env });
  timeline.stop();
  if (result.code !== 0) throw new Error(`${args[0]} exited ${result.code}: ${result.stderr}`);
  const arm = timeline.moments().filter((m) => m.source === 'arm');
  const first = arm.find((m) => m.text.includes('runCommand'))!;
  return arm.at(-1)!.at - first.at;
}

const samples: Sample[] = [];
for (let i = 0; i < RUNS; i += 1) samples.push(await upOnce());
const ratios = spread(samples.map((s) => s.measuredMs / s.path.total));
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const range = (s: Spread, f: (n: number) => string) => `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
const of = (pick: (s: Sample) => number) => spread(samples.map(pick));

const { armLatencyMs: A, peeringOperationMs: T, ambariLatencyMs: L, restartSteps: S, pollIntervalMs: P } = KNOBS;
console.log(`bench/runbook (${RUNS} runs of up from zero; ARM ${A} ms/answer, peering operations ${fmt(T)}, Ambari ${L} ms/answer, restart ${S} steps polled every ${fmt(P)})`);
console.log(`  ${'phase'.padEnd(22)}critical path (median)   measured min / median / max`);
for (const phase of [...PHASES, 'total'] as const) {
  const measured = of((s) => (phase === 'total' ? s.measuredMs : s.phases[phase]));
  console.log(`  ${(phase === 'total' ? 'first request to exit' : phase).padEnd(22)}${fmt(of((s) => s.path[phase]).median).padStart(22)}   ${range(measured, fmt)}`);
}
console.log(`  ratio measured / critical path  ${range(ratios, (r) => r.toFixed(2))} (target <= 1.10) ${ratios.median <= 1.1 ? 'OK' : 'MISSED'}`);
console.log(`  apart: start-up to the first request ${range(of((s) => s.startupMs), fmt)}; whole command ${range(of((s) => s.wholeMs), fmt)}`);
if (process.env.BENCH_TIMELINE) {
  for (const m of samples.at(-1)!.moments) console.log(`  ${String(m.at).padStart(6)} ms  ${m.source.padEnd(6)} ${m.text}`);
}
if (ratios.median > 1.1) process.exitCode = 1;
