// Simulated time. Nothing in a simulator waits on the wall clock: state moves when the clock ticks,
// and the clock ticks when a test says so or, in auto mode, each time a client polls. A test therefore
// gets the same sequence of states however fast or slow the machine is.

export class SimClock {
  /** Simulated milliseconds since the simulator started. */
  private current = 0;
  private readonly listeners = new Set<(now: number) => void>();
  /** Advance one step on every poll of a long-running operation (the default for end-to-end tests). */
  autoAdvance = true;
  /** How far one step moves simulated time. */
  stepMs = 1000;

  now(): number {
    return this.current;
  }

  onTick(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Move time forward by `steps` steps, letting every listener act after each one. */
  tick(steps = 1): void {
    for (let i = 0; i < steps; i += 1) {
      this.current += this.stepMs;
      for (const listener of this.listeners) listener(this.current);
    }
  }

  /** Called by a simulator when a client polls: ticks only in auto mode. */
  polled(): void {
    if (this.autoAdvance) this.tick();
  }
}
