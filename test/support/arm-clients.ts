// The Azure SDK clients of src/azure, built in the test process against the ARM simulator, for tests
// that call the domain directly rather than through the CLI. Production builds them in
// src/azure/clients.ts with DefaultAzureCredential and the system's trust store; neither suits a test
// process: the credential chain would probe the link-local managed-identity endpoint (IMDS), and
// NODE_EXTRA_CA_CERTS is read only when a process starts. So this passes an explicit credential, whose
// unsigned token carries the audience it was asked for (the simulator refuses a wrong one, as ARM
// does), and trusts the simulator's CA through `tlsOptions`, a client option that stays out of
// product code (an explicit CA list replaces Node's default roots: nodejs/node doc/api/tls.md).
import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/identity';
import type { AzureClients } from '../../src/azure/clients.js';
import { clouds } from '../../src/clouds.js';
import type { ArmSimulator } from '../sim/arm/server.js';
import { armToken } from './arm-raw.js';

export function simulatorClients(sim: ArmSimulator): AzureClients {
  const credential: TokenCredential = {
    getToken: async (scopes) => {
      const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
      return { token: armToken(scope.replace(/\/\.default$/, '')), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const scopes = [clouds.AzureCloud.armScope];
  const options = { endpoint: sim.endpoint, tlsOptions: { ca: readFileSync(sim.caFile, 'utf8') } };
  return {
    subscriptionId: () => sim.subscriptionId,
    network: async (sub = sim.subscriptionId) =>
      new (await import('@azure/arm-network')).NetworkManagementClient(credential, sub, { ...options, credentialScopes: scopes }),
    containerService: async (sub = sim.subscriptionId) =>
      new (await import('@azure/arm-containerservice')).ContainerServiceClient(credential, sub, { ...options, credentials: { scopes } }),
    hdinsight: async (sub = sim.subscriptionId) =>
      new (await import('@azure/arm-hdinsight')).HDInsightManagementClient(credential, sub, { ...options, credentialScopes: scopes }),
    accessToken: async (scope) => (await credential.getToken(scope))!.token,
  };
}
