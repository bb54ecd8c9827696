// How much `kafka-aks --help` costs beyond starting Node itself. Target: at most 1.3x `node -e ''`.
// The Azure SDKs (a few hundred ms each) and kafkajs must stay out of start-up; this catches the import
// that slips them back in. The two commands run in pairs, one right after the other, and each pair gives
// its own ratio: a busy moment, or this machine's start times drifting (node -e '' alone moves between
// 115 and 160 ms here from one minute to the next), slows both halves of a pair alike. The median of
// the pairs' ratios decides, so one slow run does not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './support/stats.js';

const cli = fileURLToPath(new URL('../bin/kafka-aks.cjs', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 40);

function timeMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

timeMs(['-e', '']); // warm the file cache
timeMs([cli, '--help']);
const node: number[] = [];
const help: number[] = [];
for (let i = 0; i < runs; i += 1) {
  node.push(timeMs(['-e', '']));
  help.push(timeMs([cli, '--help']));
}
const ratio = median(help.map((ms, i) => ms / node[i]!));
console.log(
  `cold-start: node -e '' ${median(node).toFixed(1)} ms, kafka-aks --help ${median(help).toFixed(1)} ms (medians of ${runs}), ` +
    `median ratio of the ${runs} pairs ${ratio.toFixed(2)} (target <= 1.3) ${ratio <= 1.3 ? 'OK' : 'MISSED'}`,
);
if (ratio > 1.3) process.exitCode = 1;
