// Running the built CLI against the ARM simulator, as a user would: a child process whose environment
// points the Azure SDK at the simulator (KAFKA_AKS_ARM_ENDPOINT), trusts its test CA (NODE_EXTRA_CA_CERTS,
// read by Node only at start-up, hence a child process), and narrows DefaultAzureCredential to
// AzureCliCredential answered by the stand-in `az` in test/support/bin. ManagedIdentityCredential never
// runs, and the network guard (NODE_OPTIONS, vitest.config.ts) refuses anything beyond loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ArmSimulator } from '../sim/arm/server.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = join(repo, 'bin', 'kafka-aks.js');
export const standInBin = join(repo, 'test', 'support', 'bin');

/** The environment of a CLI process talking to `sim`; `extra` wins. Developer Azure settings are dropped. */
export function armEnv(sim: ArmSimulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(AZURE_|MSI_|IDENTITY_|KAFKA_AKS_|AMBARI_)/.test(key)),
  );
  return {
    ...inherited,
    PATH: `${standInBin}${delimiter}${process.env.PATH ?? ''}`,
    AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
    // No Azure CLI profile: the subscription comes from AZURE_SUBSCRIPTION_ID.
    AZURE_CONFIG_DIR: join(tmpdir(), 'kafka-aks-no-azure-profile'),
    AZURE_SUBSCRIPTION_ID: sim.subscriptionId,
    KAFKA_AKS_ARM_ENDPOINT: sim.endpoint,
    NODE_EXTRA_CA_CERTS: sim.caFile,
    NO_COLOR: '1',
    ...extra,
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).done;
}
