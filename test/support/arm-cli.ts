// The environment that points a CLI process at the ARM simulator, as a user's shell would: the Azure
// SDK goes to the simulator (KAFKA_AKS_ARM_ENDPOINT) and trusts its test CA (NODE_EXTRA_CA_CERTS, read
// by Node only at start-up, hence a child process), and DefaultAzureCredential is narrowed to
// AzureCliCredential, answered by the stand-in `az` in test/support/bin. ManagedIdentityCredential never
// runs, and the network guard (NODE_OPTIONS, vitest.config.ts) refuses anything beyond loopback.
// runCli (./cli.ts) drops the developer's own AZURE_* settings before these are added.
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ArmSimulator } from '../sim/arm/server.js';
import { runCli, type CliOptions, type CliResult } from './cli.js';

export const standInBin = fileURLToPath(new URL('./bin', import.meta.url));

export function armEnv(sim: ArmSimulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    PATH: `${standInBin}${delimiter}${process.env.PATH ?? ''}`,
    AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
    // No Azure CLI profile: the subscription comes from AZURE_SUBSCRIPTION_ID.
    AZURE_CONFIG_DIR: join(tmpdir(), 'kafka-aks-no-azure-profile'),
    AZURE_SUBSCRIPTION_ID: sim.subscriptionId,
    KAFKA_AKS_ARM_ENDPOINT: sim.endpoint,
    NODE_EXTRA_CA_CERTS: sim.caFile,
    ...extra,
  };
}

/** The built CLI against the ARM simulator. */
export function runArmCli(
  sim: ArmSimulator,
  args: string[],
  extra: Record<string, string | undefined> = {},
  options: Omit<CliOptions, 'env'> = {},
): Promise<CliResult> {
  return runCli(args, { ...options, env: armEnv(sim, extra) });
}
