// bench/peer: `kafka-aks peer` against the ARM simulator with every long-running operation lasting 2 s,
// beside that one operation's duration. Creating two peerings is two operations; run concurrently,
// and polling no later than Retry-After says, the write phase should take about one operation: the
// target ratio is at most 1.2. Also printed: the whole command (Node start-up, loading three Azure
// SDKs, the reads) and the same command with instant operations, so the cost of waiting stands apart.
import { fileURLToPath } from 'node:url';
import { seedDemoWorld } from '../test/sim/arm/seed.js';
import { startArmSimulator } from '../test/sim/arm/server.js';
import { runArmCli } from '../test/support/arm-cli.js';
import { median } from './support/stats.js';

const OPERATION_MS = 2000;
const RUNS = 3;
const guard = fileURLToPath(new URL('../test/support/network-guard.mjs', import.meta.url));

interface Sample {
  totalMs: number;
  writePhaseMs: number;
}

async function peerOnce(lroDurationMs: number): Promise<Sample> {
  const sim = await startArmSimulator({ lroDurationMs });
  try {
    const world = seedDemoWorld(sim);
    const args = ['peer', '--aks', world.aks.name, '--aks-resource-group', world.aks.resourceGroup,
      '--cluster', world.hdinsight.name, '--resource-group', world.hdinsight.resourceGroup, '--json'];
    const started = performance.now();
    const result = await runArmCli(sim, args, { NODE_OPTIONS: `--import=${guard}` });
    const totalMs = performance.now() - started;
    if (result.code !== 0) throw new Error(`peer failed (${result.code}): ${result.stderr}`);
    // From the first PUT to the last answer (the verification reads), on the simulator's clock.
    const log = sim.requests();
    const firstWrite = log.find((r) => r.write)!;
    const writePhaseMs = log[log.length - 1]!.at - firstWrite.at;
    return { totalMs, writePhaseMs };
  } finally {
    await sim.stop();
  }
}

async function measure(lroDurationMs: number): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(await peerOnce(lroDurationMs));
  return { totalMs: median(samples.map((s) => s.totalMs)), writePhaseMs: median(samples.map((s) => s.writePhaseMs)) };
}

const slow = await measure(OPERATION_MS);
const instant = await measure(0);
const ratio = slow.writePhaseMs / OPERATION_MS;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`bench/peer (median of ${RUNS} runs; each long-running operation lasts ${fmt(OPERATION_MS)})`);
console.log(`  write phase (first PUT to verified)        ${fmt(slow.writePhaseMs)}  ratio to one operation ${ratio.toFixed(2)} (target <= 1.20)`);
console.log(`  whole command, 2 s operations              ${fmt(slow.totalMs)}  ratio ${(slow.totalMs / OPERATION_MS).toFixed(2)}`);
console.log(`  whole command, instant operations          ${fmt(instant.totalMs)}`);
console.log(`  waiting added by the operations            ${fmt(slow.totalMs - instant.totalMs)}  ratio ${((slow.totalMs - instant.totalMs) / OPERATION_MS).toFixed(2)}`);
if (ratio > 1.2) process.exitCode = 1;
