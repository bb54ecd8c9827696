// One simulated world per test (test/sim/world.ts), stopped after it, and the CLI pointed at it.
import { afterEach } from 'vitest';
import { startWorld, type World, type WorldOptions } from '../sim/world.js';
import { runCli, type CliOptions } from './cli.js';

export interface WorldFixture {
  /** Start this test's world. */
  begin(options?: WorldOptions): Promise<World>;
  /** The built CLI, with the world's environment. */
  run(args: string[], options?: Omit<CliOptions, 'env'>): ReturnType<typeof runCli>;
  /** This test's world (after begin). */
  readonly world: World;
}

export function useWorld(): WorldFixture {
  let current: World | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return {
    async begin(options = {}) {
      current = await startWorld(options);
      return current;
    },
    run: (args, options = {}) => runCli(args, { ...options, env: current!.env }),
    get world() {
      if (!current) throw new Error('no world: call begin() first');
      return current;
    },
  };
}
