// Commands inside an AKS cluster through the AKS run command (`az aks command invoke`): ARM starts a
// pod in the cluster's `aks-command` namespace with kubectl and runs the command there, so it works on
// private clusters, with no kubeconfig and no network path from here (MicrosoftDocs/SupportArticles-docs
// resolve-az-aks-command-invoke-failures.md). Facts this file designs by:
//  - POST .../runCommand answers 202 with a Location to poll; 202 while running, 200 with
//    {provisioningState, exitCode, logs} when done; a non-zero exitCode still "succeeded"
//    (Azure/azure-rest-api-specs, containerservice 2025-10-01 examples RunCommandRequest.json,
//    RunCommandResultSucceed.json).
//  - `logs` holds stdout and stderr together, cut at 512 KiB (Azure/azure-cli#27484): callers keep their
//    output far below it and treat a log of that size as cut.
//  - Clusters with AKS-managed Microsoft Entra ID take a token for the AKS server application as
//    `clusterToken` (required once local accounts are disabled).
//  - The caller needs Microsoft.ContainerService/managedClusters/runCommand/action.
// `az` stops polling after about five minutes; a run here is followed until the caller's deadline.
import type { ManagedCluster } from '@azure/arm-containerservice';
import { operationFailed } from '../errors.js';
import type { Progress } from '../context.js';
import { readAksCluster } from './aks.js';
import { armCall } from './arm-errors.js';
import type { AzureClients } from './clients.js';

export interface AksClusterRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface RunCommandOutcome {
  exitCode: number;
  logs: string;
  /** The logs reached the run command's cap: whatever came after is gone. */
  cut: boolean;
}

export interface RunOptions {
  /** What the command does, as the start of a sentence: "Running the smoke-test pod". */
  what: string;
  /** Ctrl-C and the caller's deadline. */
  signal: AbortSignal;
  progress: Progress;
}

export interface AksCommandRunner {
  cluster: AksClusterRef;
  /** Runs the command and follows it until it ends or the signal aborts. */
  run(command: string, options: RunOptions): Promise<RunCommandOutcome>;
  /**
   * Submits the command and returns once ARM accepted it, without following it: for cleanup after Ctrl-C,
   * which must not hold the operator. The signal bounds only the submission.
   */
  submit(command: string, signal: AbortSignal): Promise<void>;
}

/** The run command keeps the first 512 KiB of a command's output (Azure/azure-cli#27484). */
export const RUN_COMMAND_LOG_CAP_BYTES = 512 * 1024;
/** Between two polls of a running command: az polls every few seconds; a pod's test takes seconds. */
const POLL_INTERVAL_MS = 1_000;
const PROGRESS_EVERY_S = 10;
const PERMISSION = 'Microsoft.ContainerService/managedClusters/runCommand/action';

/** Reads the cluster once (is it running, does it need a cluster token) and returns a runner for it. */
export async function openAksCommandRunner(clients: AzureClients, cluster: AksClusterRef, aksServerScope: string): Promise<AksCommandRunner> {
  const client = await clients.containerService(cluster.subscriptionId);
  const managed = await readAksCluster(clients, cluster);
  if (managed.powerState?.code === 'Stopped') {
    throw operationFailed(`AKS cluster ${cluster.name} is stopped, so nothing can run inside it.`, {
      hint: `Start it with \`az aks start --resource-group ${cluster.resourceGroup} --name ${cluster.name}\`, then run this again.`,
    });
  }
  const clusterToken = needsClusterToken(managed) ? await clients.accessToken(aksServerScope) : undefined;
  const doing = (what: string) => ({
    what: `${what} in AKS cluster ${cluster.name}`,
    notFound: {
      message: `AKS cluster ${cluster.name} was not found in resource group ${cluster.resourceGroup}`,
      hint: 'Check --aks and --aks-resource-group (`az aks list -o table`).',
    },
    refusedHint:
      `Ask an owner for a role on the AKS cluster that grants ${PERMISSION} and .../commandResults/read ` +
      '(what `az aks command invoke` needs too), or sign in as an identity that has it.',
  });
  const payload = (command: string) => ({ command, ...(clusterToken === undefined ? {} : { clusterToken }) });

  return {
    cluster,
    async run(command, options) {
      const result = await armCall(doing(options.what), async () => {
        const started = performance.now();
        const poller = client.managedClusters.runCommand(cluster.resourceGroup, cluster.name, payload(command), {
          updateIntervalInMs: POLL_INTERVAL_MS,
          abortSignal: options.signal,
        });
        // A line every ten seconds, not every poll: without a terminal each update is a line of its own.
        let reported = 0;
        poller.onProgress(() => {
          const seconds = Math.floor((performance.now() - started) / 1000);
          if (seconds < reported + PROGRESS_EVERY_S) return;
          reported = seconds - (seconds % PROGRESS_EVERY_S);
          options.progress.update(`${options.what} (${reported} s)`);
        });
        return poller.pollUntilDone({ abortSignal: options.signal });
      });
      if (result.provisioningState !== undefined && result.provisioningState.toLowerCase() === 'failed') {
        throw operationFailed(`${options.what} in AKS cluster ${cluster.name} failed in Azure: ${result.reason ?? 'no reason given'}.`, {
          hint: 'Run it again; `az aks command invoke` against the same cluster shows whether run commands work there at all.',
        });
      }
      const logs = result.logs ?? '';
      return { exitCode: result.exitCode ?? -1, logs, cut: Buffer.byteLength(logs, 'utf8') >= RUN_COMMAND_LOG_CAP_BYTES };
    },
    async submit(command, signal) {
      await armCall(doing('Sending a cleanup command'), () =>
        client.managedClusters.runCommand(cluster.resourceGroup, cluster.name, payload(command), { abortSignal: signal }).submitted(),
      );
    },
  };
}

/**
 * AKS-managed Microsoft Entra ID: the run command acts with the caller's own token. Required once local
 * accounts are disabled ("clusterToken is required": MissingAADClusterToken); `az aks command invoke`
 * sends one for every AKS-managed Entra cluster, and so does this.
 */
function needsClusterToken(cluster: ManagedCluster): boolean {
  return cluster.aadProfile?.managed === true;
}
