// bench/ambari-calls: the Ambari requests one `kafka-aks up --yes` makes, from zero to green, on a
// 3-broker and on a 60-broker world. An all-at-once restart is one request whatever the broker count,
// so every other call should be too: the target is the same count on both (ratio 60/3 = 1.0). A count
// that grows points at a per-broker call, and the breakdown by kind says which.
// Polls per restart request depend only on simulated time (one clock step per poll, ../test/sim/clock.ts:
// queued, in progress, then RESTART_STEPS steps), so both worlds get the same steps and the count is
// exact, not timed: one run each is enough.
import { startWorld } from '../test/sim/world.js';
import { runCli } from '../test/support/cli.js';
import { AMBARI_KINDS, countByKind, type AmbariKind } from './support/ambari-kinds.js';

const SIZES = [3, 60] as const;
const RESTART_STEPS = 2;

async function ambariCallsOfUp(brokers: number): Promise<Record<AmbariKind, number> & { total: number }> {
  const world = await startWorld({ brokers });
  try {
    world.ambari.cluster().restarts.steps = RESTART_STEPS;
    // The poll interval does not change the count (the clock moves per poll), only how long it takes.
    const result = await runCli(['up', ...world.cliArgs.clusters, '--poll-interval', '0.05', '--yes'], { env: world.env });
    if (result.code !== 0) throw new Error(`up on ${brokers} brokers exited ${result.code}: ${result.stderr}`);
    return { ...countByKind(world.ambari.log), total: world.ambari.log.length };
  } finally {
    await world.stop();
  }
}

// One after the other: two worlds at once would only make each slower.
const small = await ambariCallsOfUp(SIZES[0]);
const large = await ambariCallsOfUp(SIZES[1]);
const ratio = large.total / small.total;
console.log(`bench/ambari-calls (Ambari requests of one \`up --yes\` from zero, all-at-once restart of ${RESTART_STEPS} clock steps)`);
console.log(`  ${'kind'.padEnd(16)}${SIZES.map((s) => `${s} brokers`.padStart(12)).join('')}`);
for (const kind of AMBARI_KINDS) {
  if (small[kind] + large[kind] === 0) continue;
  console.log(`  ${kind.padEnd(16)}${String(small[kind]).padStart(12)}${String(large[kind]).padStart(12)}`);
}
console.log(`  ${'total'.padEnd(16)}${String(small.total).padStart(12)}${String(large.total).padStart(12)}`);
console.log(`  ratio ${SIZES[1]}/${SIZES[0]} ${ratio.toFixed(2)} (target 1.00) ${ratio <= 1 ? 'OK' : 'MISSED'}`);
if (ratio > 1) process.exitCode = 1;
