// The Azure SDK clients, built from one Context. Each SDK takes a few hundred milliseconds to load, so each is imported
// only when a command first asks for its client (load times measured on Node 20).
//
// The token scope comes from the cloud table and is passed explicitly: classic clients (arm-network 36,
// arm-hdinsight) otherwise ask for `<endpoint>/.default` and the modular one (arm-containerservice 25)
// for the public cloud's scope, both wrong once KAFKA_AKS_ARM_ENDPOINT or a sovereign cloud is in play.
import type { TokenCredential } from '@azure/identity';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { HDInsightManagementClient } from '@azure/arm-hdinsight';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { Context } from '../context.js';
import { abortPolicy } from './abort-policy.js';
import { resolveSubscription } from './subscription.js';
import { tracePolicy } from './trace-policy.js';

export interface AzureClients {
  /** The subscription the commands act in (resolved when first needed). */
  subscriptionId(): string;
  network(subscriptionId?: string): Promise<NetworkManagementClient>;
  containerService(subscriptionId?: string): Promise<ContainerServiceClient>;
  hdinsight(subscriptionId?: string): Promise<HDInsightManagementClient>;
  /** An access token of the signed-in identity for another audience (the AKS run command's clusterToken). Never printed. */
  accessToken(scope: string): Promise<string>;
}

export function createAzureClients(ctx: Context): AzureClients {
  const endpoint = ctx.armEndpointOverride ?? ctx.cloud.armEndpoint;
  const scopes = [ctx.cloud.armScope];
  const additionalPolicies = [
    { policy: abortPolicy(ctx.signal), position: 'perCall' as const },
    { policy: tracePolicy(ctx.reporter), position: 'perRetry' as const },
  ];
  let subscription: string | undefined;
  let credential: Promise<TokenCredential> | undefined;
  const cache = new Map<string, Promise<unknown>>();

  const subscriptionId = () => (subscription ??= resolveSubscription(ctx.subscriptionChoice, ctx.azureConfigDir));
  // DefaultAzureCredential, with the cloud's authority host. Tests choose one of its links with
  // AZURE_TOKEN_CREDENTIALS so that it never probes the managed-identity endpoint.
  const getCredential = () =>
    (credential ??= import('@azure/identity').then(
      ({ DefaultAzureCredential }) => new DefaultAzureCredential({ authorityHost: ctx.cloud.authorityHost }),
    ));
  const memo = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as Promise<T>;
  };

  return {
    subscriptionId,
    network: (sub = subscriptionId()) =>
      memo(`network/${sub}`, async () => {
        const [{ NetworkManagementClient }, cred] = await Promise.all([import('@azure/arm-network'), getCredential()]);
        return new NetworkManagementClient(cred, sub, { endpoint, credentialScopes: scopes, additionalPolicies });
      }),
    containerService: (sub = subscriptionId()) =>
      memo(`aks/${sub}`, async () => {
        const [{ ContainerServiceClient }, cred] = await Promise.all([
          import('@azure/arm-containerservice'),
          getCredential(),
        ]);
        return new ContainerServiceClient(cred, sub, { endpoint, credentials: { scopes }, additionalPolicies });
      }),
    hdinsight: (sub = subscriptionId()) =>
      memo(`hdinsight/${sub}`, async () => {
        // arm-hdinsight 1.x is CommonJS: its module.exports is the import's default, in Node and in the
        // bundle alike (the bundled chunk exports nothing else).
        const [{ default: hdinsightSdk }, cred] = await Promise.all([import('@azure/arm-hdinsight'), getCredential()]);
        const { HDInsightManagementClient } = hdinsightSdk;
        return new HDInsightManagementClient(cred, sub, { endpoint, credentialScopes: scopes, additionalPolicies });
      }),
    accessToken: async (scope) => {
      const token = await (await getCredential()).getToken(scope, { abortSignal: ctx.signal });
      if (!token) throw new Error(`no access token for ${scope}`);
      return token.token;
    },
  };
}
