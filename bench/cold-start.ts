// How much `kafka-aks --help` costs beyond starting Node itself. Target: at most 1.3x `node -e ''`.
// The Azure SDK (0.4-1.1 s each) and kafkajs must stay out of start-up; this catches the import that
// slips them back in. The two commands run interleaved, so a busy moment on the machine slows both
// alike, and the medians decide, so one slow run does not.
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
const ratio = median(help) / median(node);
console.log(
  `cold-start: node -e '' ${median(node).toFixed(1)} ms, kafka-aks --help ${median(help).toFixed(1)} ms (medians of ${runs}), ` +
    `ratio ${ratio.toFixed(2)} (target <= 1.3) ${ratio <= 1.3 ? 'OK' : 'MISSED'}`,
);
