// Preloaded into the CLI by bench/smoke-memory.ts (node --import): when the process exits, writes its
// peak resident set size (VmHWM of /proc/self/status, KiB; Linux) to the file named by
// BENCH_MAX_RSS_FILE. The CLI's code is unchanged: this measures it from outside. Not getrusage's
// ru_maxrss: Linux carries the spawning process's peak into it at exec (fs/exec.c, setmax_mm_hiwater_rss),
// and the benchmark, holding the simulator, is larger than a 10,000-message run.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const peak = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (peak) writeFileSync(file, peak[1]);
  });
}
