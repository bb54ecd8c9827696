// The one table of endpoints. Nothing outside this file names an Azure or HDInsight host.
// Sources: @azure/identity AzureAuthorityHosts; @azure/core-client cloud settings (ARM endpoints);
// HDInsight docs for each cloud (azurehdinsight.net / .cn / .us).

export const cloudNames = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'] as const;
export type CloudName = (typeof cloudNames)[number];

export interface Cloud {
  name: CloudName;
  /** Azure Resource Manager, where the Azure SDK clients send their requests. */
  armEndpoint: string;
  /**
   * The token scope for ARM. Passed to every SDK client explicitly: classic clients otherwise ask for
   * `<endpoint>/.default`, which breaks as soon as the endpoint is overridden.
   */
  armScope: string;
  /** Microsoft Entra ID authority host for DefaultAzureCredential. */
  authorityHost: string;
  /** `<cluster>.<suffix>` is the HDInsight gateway that fronts Ambari. */
  hdinsightDnsSuffix: string;
  /**
   * The token scope of the AKS Microsoft Entra server application: the AKS run command's `clusterToken`
   * on clusters with Entra ID and local accounts disabled. One first-party application in every cloud
   * (Azure PowerShell RunAzureRmAksCommand's AksServiceId; kubelogin's --server-id for AKS).
   */
  aksServerScope: string;
}

export const clouds: Record<CloudName, Cloud> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    hdinsightDnsSuffix: 'azurehdinsight.net',
    aksServerScope: '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    authorityHost: 'https://login.chinacloudapi.cn',
    hdinsightDnsSuffix: 'azurehdinsight.cn',
    aksServerScope: '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    authorityHost: 'https://login.microsoftonline.us',
    hdinsightDnsSuffix: 'azurehdinsight.us',
    aksServerScope: '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
  },
};

export function isCloudName(value: string): value is CloudName {
  return (cloudNames as readonly string[]).includes(value);
}

/** The HDInsight gateway (and Ambari behind it) for a cluster in a cloud. */
export function ambariUrlFor(cluster: string, cloud: Cloud): string {
  return `https://${cluster.toLowerCase()}.${cloud.hdinsightDnsSuffix}`;
}

/** The HDInsight cluster's SSH endpoint (head node 0), where Kafka's own tools are. */
export function sshHostFor(cluster: string, cloud: Cloud): string {
  return `${cluster.toLowerCase()}-ssh.${cloud.hdinsightDnsSuffix}`;
}
