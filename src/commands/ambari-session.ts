// Flags + environment -> a connected Ambari cluster, for the commands' run modules (the flags themselves
// are declared in ambari-options.ts, loaded at start-up).
import { AmbariClient, ambariBaseUrl } from '../ambari/client.js';
import { AmbariCluster } from '../ambari/cluster.js';
import { resolveAmbariLogin } from '../ambari/login.js';
import { ambariUrlFor } from '../clouds.js';
import type { Context } from '../context.js';
import { canPrompt, promptSecret, readStdin } from '../output/input.js';
import { registerSecret } from '../output/redact.js';
import type { AmbariOptions } from './ambari-options.js';

/** Flags + environment -> an Ambari client for the cluster. Nothing is sent yet. */
export async function openAmbariCluster(ctx: Context, options: AmbariOptions): Promise<AmbariCluster> {
  // Where the password would go is checked before the password is looked for (through Azure, maybe).
  const baseUrl = ambariBaseUrl(options.ambariUrl ?? ctx.ambariUrlOverride ?? ambariUrlFor(options.cluster, ctx.cloud));
  const login = await resolveAmbariLogin(options.ambariUser, {
    passwordFromStdin: Boolean(options.ambariPasswordStdin),
    readStdin: () => readStdin(),
    envPassword: ctx.ambariPassword,
    // Only when asked for with --resource-group: without it no Azure credential is needed.
    fromGateway: options.resourceGroup ? () => gatewayLoginOf(ctx, options.resourceGroup!, options.cluster) : undefined,
    prompt: canPrompt() ? promptSecret : undefined,
  });
  registerSecret(login.password);
  const client = new AmbariClient({
    baseUrl,
    login,
    progress: ctx.reporter,
    signal: ctx.signal,
    timeoutMs: options.ambariTimeout * 1000,
  });
  return new AmbariCluster(client, options.cluster);
}

/** The Azure SDK loads only here, when --resource-group asks for the gateway login: other runs never pay for it. */
async function gatewayLoginOf(ctx: Context, resourceGroup: string, cluster: string) {
  const [{ createAzureClients }, { gatewayLogin }] = await Promise.all([
    import('../azure/clients.js'),
    import('../azure/hdinsight.js'),
  ]);
  return gatewayLogin(createAzureClients(ctx), resourceGroup, cluster);
}
