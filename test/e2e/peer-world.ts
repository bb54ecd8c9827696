// The world most peer scenarios start from, and small readers for what the CLI printed.
import type { ArmSimulator } from '../sim/arm/server.js';
import type { AksSeed } from '../sim/arm/world.js';
import { runArmCli } from '../support/arm-cli.js';
import type { CliResult } from '../support/cli.js';

export interface PeerWorld {
  aksVnet: string;
  kafkaVnet: string;
  /** The flags naming both clusters. */
  args: string[];
}

/** AKS `aks1` (managed VNet 10.224.0.0/12 unless told) and Kafka `kafka1` in `kafka-vnet` 10.10.0.0/16. */
export function seedPeerWorld(
  sim: ArmSimulator,
  options: { aks?: Partial<AksSeed>; kafkaPrefixes?: string[]; kind?: string; kafkaInVnet?: boolean } = {},
): PeerWorld {
  const kafkaVnet = sim.world.addVnet({
    resourceGroup: 'kafka-rg',
    name: 'kafka-vnet',
    addressPrefixes: options.kafkaPrefixes ?? ['10.10.0.0/16'],
  });
  const { vnetId } = sim.world.addAksCluster({ resourceGroup: 'aks-rg', name: 'aks1', ...options.aks });
  sim.world.addHdinsightCluster({
    resourceGroup: 'kafka-rg',
    name: 'kafka1',
    kind: options.kind ?? 'KAFKA',
    ...(options.kafkaInVnet === false ? {} : { vnetId: kafkaVnet }),
  });
  return {
    aksVnet: vnetId,
    kafkaVnet,
    args: ['--aks', 'aks1', '--aks-resource-group', 'aks-rg', '--cluster', 'kafka1', '--resource-group', 'kafka-rg'],
  };
}

export function peer(sim: ArmSimulator, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runArmCli(sim, ['peer', ...args], env);
}

/** The --json document on stdout. */
export function json<T = PeerJson>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

export interface PeerJson {
  dryRun: boolean;
  changed: boolean;
  aksVnet: { id: string; name: string; addressPrefixes: string[]; foundBy: string };
  hdinsightVnet: { id: string; name: string; addressPrefixes: string[]; foundBy: string };
  peerings: { direction: string; name: string; localVnet: string; remoteVnet: string; action: string; state: string; syncLevel: string }[];
}
