// Preloaded into the CLI by bench/smoke-memory.ts (node --import): when the process exits, writes its
// peak resident set size (getrusage's ru_maxrss, KiB on Linux) to the file named by
// BENCH_MAX_RSS_FILE. The CLI's code is unchanged: this measures it from outside.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
