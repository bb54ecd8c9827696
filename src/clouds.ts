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
}

export const clouds: Record<CloudName, Cloud> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    hdinsightDnsSuffix: 'azurehdinsight.net',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    authorityHost: 'https://login.chinacloudapi.cn',
    hdinsightDnsSuffix: 'azurehdinsight.cn',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    authorityHost: 'https://login.microsoftonline.us',
    hdinsightDnsSuffix: 'azurehdinsight.us',
  },
};

export function isCloudName(value: string): value is CloudName {
  return (cloudNames as readonly string[]).includes(value);
}

/** The HDInsight gateway (and Ambari behind it) for a cluster in a cloud. */
export function ambariUrlFor(cluster: string, cloud: Cloud): string {
  return `https://${cluster.toLowerCase()}.${cloud.hdinsightDnsSuffix}`;
}
