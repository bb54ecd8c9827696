// The Ambari flags every command that talks to Ambari shares, and how they become a connected cluster.
import { Option, type Command } from '../commander.js';
import type { AmbariCluster } from '../ambari/cluster.js';
import { hdinsightClusterName, resourceGroupName } from '../azure/names.js';
import type { Context } from '../context.js';
import { nameOf, parseSeconds } from './parsers.js';

export interface AmbariOptions {
  cluster: string;
  ambariUrl?: string;
  ambariUser?: string;
  ambariPasswordStdin?: boolean;
  ambariTimeout: number;
  /** With it, the cluster login can come from the cluster's gateway settings through ARM. */
  resourceGroup?: string;
}

/**
 * `clusterRequired: false` where Ambari is one of several ways in (smoke-test also takes brokers directly);
 * `resourceGroupRequired` where the command reads the cluster through Azure anyway (status, up).
 */
export function addAmbariOptions(command: Command, { clusterRequired = true, resourceGroupRequired = false } = {}): Command {
  const cluster = new Option('--cluster <name>', 'HDInsight Kafka cluster name').argParser(nameOf(hdinsightClusterName));
  const resourceGroup = new Option(
    '--resource-group <rg>',
    resourceGroupRequired
      ? "the cluster's resource group (the cluster login comes from its gateway settings when no password is given)"
      : "the cluster's resource group: lets kafka-aks read the cluster login from its gateway settings through Azure when no password is given",
  ).argParser(nameOf(resourceGroupName));
  return command
    .addOption(clusterRequired ? cluster.makeOptionMandatory() : cluster)
    .option('--ambari-url <url>', 'Ambari endpoint (default: KAFKA_AKS_AMBARI_URL, then https://<cluster>.<cloud HDInsight domain>)')
    .option('--ambari-user <user>', 'cluster login user', 'admin')
    .option('--ambari-password-stdin', 'read the cluster login password from stdin (else AMBARI_PASSWORD, else a prompt)')
    .addOption(resourceGroupRequired ? resourceGroup.makeOptionMandatory() : resourceGroup)
    .addOption(
      new Option('--ambari-timeout <seconds>', 'give up on an Ambari call after this long')
        .default(30)
        .argParser(parseSeconds),
    );
}

/** Flags + environment -> an Ambari client for the cluster. Nothing is sent yet. */
export async function openAmbariCluster(ctx: Context, options: AmbariOptions): Promise<AmbariCluster> {
  const [{ AmbariClient, ambariBaseUrl }, { AmbariCluster }, { resolveAmbariLogin }, { ambariUrlFor }, input, { registerSecret }] =
    await Promise.all([
      import('../ambari/client.js'),
      import('../ambari/cluster.js'),
      import('../ambari/login.js'),
      import('../clouds.js'),
      import('../output/input.js'),
      import('../output/redact.js'),
    ]);
  // Where the password would go is checked before the password is looked for (through Azure, maybe).
  const baseUrl = ambariBaseUrl(options.ambariUrl ?? ctx.ambariUrlOverride ?? ambariUrlFor(options.cluster, ctx.cloud));
  const login = await resolveAmbariLogin(options.ambariUser, {
    passwordFromStdin: Boolean(options.ambariPasswordStdin),
    readStdin: () => input.readStdin(),
    envPassword: ctx.ambariPassword,
    // Only when asked for with --resource-group: without it no Azure credential is needed.
    fromGateway: options.resourceGroup ? () => gatewayLoginOf(ctx, options.resourceGroup!, options.cluster) : undefined,
    prompt: input.canPrompt() ? input.promptSecret : undefined,
  });
  registerSecret(login.password);
  const client = new AmbariClient({
    baseUrl,
    login,
    progress: ctx.progress,
    signal: ctx.signal,
    timeoutMs: options.ambariTimeout * 1000,
  });
  return new AmbariCluster(client, options.cluster);
}

async function gatewayLoginOf(ctx: Context, resourceGroup: string, cluster: string) {
  const [{ createAzureClients }, { gatewayLogin }] = await Promise.all([
    import('../azure/clients.js'),
    import('../azure/hdinsight.js'),
  ]);
  return gatewayLogin(createAzureClients(ctx), resourceGroup, cluster);
}
