// How much `kafka-aks --help` costs beyond starting Node itself. Target: at most 1.5x `node -e ''`.
// The Azure SDK (0.4-1.1 s each) and kafkajs must stay out of start-up; this catches the import that
// slips them back in. Median of many runs, after a warm-up, so one slow run does not decide.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/kafka-aks.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 25);

function medianMs(args: string[]): number {
  spawnSync(process.execPath, args); // warm the file cache
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const node = medianMs(['-e', '']);
const help = medianMs([cli, '--help']);
const ratio = help / node;
console.log(`cold-start: node -e '' ${node.toFixed(1)} ms, kafka-aks --help ${help.toFixed(1)} ms, ratio ${ratio.toFixed(2)} (target <= 1.5) ${ratio <= 1.5 ? 'OK' : 'MISSED'}`);
