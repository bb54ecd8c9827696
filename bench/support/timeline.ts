// One clock for a CLI run against the world: when each simulator saw each request, and when each line
// of the CLI's progress (stderr) arrived. A phase that takes longer than its model is found by reading
// what happened, and what did not, between two of these moments.
import type { ChildProcess } from 'node:child_process';
import type { World } from '../../test/sim/world.js';

export interface Moment {
  /** Date.now() */
  at: number;
  source: 'arm' | 'ambari' | 'kafka' | 'cli';
  text: string;
}

export interface Timeline {
  /** Pass as runCli's onSpawn: stamps every stderr line of the CLI. */
  watch(child: ChildProcess): void;
  /** Everything so far, in time order (Ambari's log stamped on arrival, read at the end). */
  moments(): Moment[];
  /**
   * Wall time the Ambari simulator spent inside its clock's steps. A broker's start there runs its
   * kafka-env through bash (ambari/broker-runtime.ts), about 0.1 s each, one after the other, and holds
   * the poll's answer meanwhile: the world's own restart time, which no client can shorten.
   */
  ambariStepsMs(): number;
  stop(): void;
}

export function timelineOf(world: World): Timeline {
  const seen: Moment[] = [];
  const ambariFrom = world.ambari.log.length;
  // ARM and Kafka are stamped as requests arrive; Ambari's log carries its own arrival time.
  const stopArm = world.arm.onRequest((request) => {
    seen.push({ at: Date.now(), source: 'arm', text: `${request.method} ${request.path.split('/').slice(-2).join('/')} ${request.status}` });
  });
  // Wrapped rather than listened to: the clock's own listeners (the requests advancing) are what is timed.
  let stepsMs = 0;
  const clock = world.ambari.clock;
  const tick = clock.tick.bind(clock);
  clock.tick = (steps?: number) => {
    const started = performance.now();
    tick(steps);
    stepsMs += performance.now() - started;
  };
  const stopKafka = world.kafka.knobs.onRequest((request) => {
    seen.push({ at: Date.now(), source: 'kafka', text: `${request.api ?? request.apiKey} broker ${request.brokerId}` });
  });
  return {
    watch(child) {
      let partial = '';
      child.stderr?.on('data', (chunk: string | Buffer) => {
        const lines = (partial + String(chunk)).split('\n');
        partial = lines.pop()!;
        for (const line of lines) if (line.trim() !== '') seen.push({ at: Date.now(), source: 'cli', text: line });
      });
    },
    moments() {
      const ambari = world.ambari.log.slice(ambariFrom).map((request): Moment => ({
        at: request.at,
        source: 'ambari',
        text: `${request.method} ${request.path.replace(/^\/api\/v1\/clusters\/[^/]+/, '') || '/'}${request.query ? `?${decodeURIComponent(request.query).slice(0, 50)}` : ''}`,
      }));
      return [...seen, ...ambari].sort((a, b) => a.at - b.at);
    },
    ambariStepsMs: () => stepsMs,
    stop() {
      clock.tick = tick;
      stopArm();
      stopKafka();
    },
  };
}
