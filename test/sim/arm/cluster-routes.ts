// Microsoft.ContainerService managedClusters (GET) and Microsoft.HDInsight clusters (GET, POST
// getGatewaySettings). Shapes: ManagedClustersGet.json, CreateKafkaClusterWithKafkaRestProxy.json,
// CreateHDInsightClusterWithCustomNetworkProperties.json, HDI_Clusters_GetGatewaySettings.json.
import { resourceNotFound } from './errors.js';
import { sameId } from './ids.js';
import { gatewaySettingsJson, hdinsightClusterJson, managedClusterJson } from './render.js';
import type { ArmSimulator, Route, RouteContext } from './server.js';

const RG = '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers';
const re = (pattern: string) => new RegExp(`^${pattern}/?$`, 'i');
const scope = { subscription: 1, resourceGroup: 2 };

export function clusterRoutes(sim: ArmSimulator): Route[] {
  const { world } = sim;
  const inScope = ({ match }: RouteContext) => (c: { subscriptionId: string; resourceGroup: string; name: string }) =>
    sameId(c.subscriptionId, match[1]!) && sameId(c.resourceGroup, match[2]!) && sameId(c.name, match[3]!);

  const hdinsightAt = (context: RouteContext) => {
    const cluster = world.hdinsightClusters.find(inScope(context));
    if (!cluster) throw resourceNotFound('Microsoft.HDInsight/clusters', context.match[3]!, context.match[2]!);
    return cluster;
  };

  return [
    {
      method: 'GET', pattern: re(`${RG}/Microsoft\\.ContainerService/managedClusters/([^/]+)`),
      provider: 'Microsoft.ContainerService', scope, action: 'Microsoft.ContainerService/managedClusters/read',
      handle: (context) => {
        const cluster = world.aksClusters.find(inScope(context));
        if (!cluster) throw resourceNotFound('Microsoft.ContainerService/managedClusters', context.match[3]!, context.match[2]!);
        return { status: 200, body: managedClusterJson(cluster) };
      },
    },
    {
      method: 'GET', pattern: re(`${RG}/Microsoft\\.HDInsight/clusters/([^/]+)`),
      provider: 'Microsoft.HDInsight', scope, action: 'Microsoft.HDInsight/clusters/read',
      handle: (context) => ({ status: 200, body: hdinsightClusterJson(hdinsightAt(context)) }),
    },
    {
      method: 'POST', pattern: re(`${RG}/Microsoft\\.HDInsight/clusters/([^/]+)/getGatewaySettings`),
      provider: 'Microsoft.HDInsight', scope, action: 'Microsoft.HDInsight/clusters/getGatewaySettings/action',
      readOnly: true,
      handle: (context) => ({ status: 200, body: gatewaySettingsJson(hdinsightAt(context)) }),
    },
  ];
}
