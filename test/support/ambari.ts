// An Ambari simulator per test, and the flags and environment that point the CLI at it.
import { AmbariSimulator, type AmbariSimulatorOptions } from '../sim/ambari/server.js';

export interface AmbariFixture {
  sim: AmbariSimulator;
  /** --cluster <name> --ambari-url <sim> */
  args: string[];
  /** The login, as an operator would export it. */
  env: Record<string, string>;
}

export async function startAmbari(options: AmbariSimulatorOptions = {}): Promise<AmbariFixture> {
  const sim = await AmbariSimulator.start(options);
  return {
    sim,
    args: ['--cluster', sim.cluster().name, '--ambari-url', sim.url],
    env: { AMBARI_PASSWORD: sim.password },
  };
}
