// One table of endpoints: every cloud's ARM endpoint, token scope, authority and HDInsight domain, and
// the Context picking one from --cloud, with KAFKA_AKS_ARM_ENDPOINT overriding only the endpoint.
import { describe, expect, it } from 'vitest';
import { ambariUrlFor, clouds } from '../../src/clouds.js';
import { createContext } from '../../src/context.js';
import { createReporter } from '../../src/output/reporter.js';

/** The Context carries the Reporter; these tests print nothing. */
const quiet = await createReporter({ mode: 'human', verbose: false, quiet: true });

describe('clouds', () => {
  it('Azure China uses chinacloudapi.cn and azurehdinsight.cn', () => {
    const china = clouds.AzureChinaCloud;
    expect(china.armEndpoint).toBe('https://management.chinacloudapi.cn');
    expect(china.armScope).toBe('https://management.chinacloudapi.cn/.default');
    expect(china.authorityHost).toBe('https://login.chinacloudapi.cn');
    expect(ambariUrlFor('MyKafka', china)).toBe('https://mykafka.azurehdinsight.cn');
  });

  it('the public and US Government clouds have their own domains', () => {
    expect(ambariUrlFor('k', clouds.AzureCloud)).toBe('https://k.azurehdinsight.net');
    expect(ambariUrlFor('k', clouds.AzureUSGovernment)).toBe('https://k.azurehdinsight.us');
    expect(clouds.AzureUSGovernment.armEndpoint).toBe('https://management.usgovcloudapi.net');
  });

  it('the Context takes the cloud from --cloud, AzureCloud by default', () => {
    expect(createContext({}, quiet, {}).cloud.name).toBe('AzureCloud');
    expect(createContext({ cloud: 'AzureChinaCloud' }, quiet, {}).cloud.hdinsightDnsSuffix).toBe('azurehdinsight.cn');
    expect(() => createContext({ cloud: 'Mars' }, quiet, {})).toThrowError(/Unknown cloud "Mars"/);
  });

  it('KAFKA_AKS_ARM_ENDPOINT overrides the endpoint but never the token scope', () => {
    const ctx = createContext({ cloud: 'AzureChinaCloud' }, quiet, { KAFKA_AKS_ARM_ENDPOINT: 'https://127.0.0.1:8443' });
    expect(ctx.armEndpointOverride).toBe('https://127.0.0.1:8443');
    expect(ctx.cloud.armScope).toBe('https://management.chinacloudapi.cn/.default');
  });

  it('KAFKA_AKS_AMBARI_URL points at another Ambari; blank counts as unset', () => {
    expect(createContext({}, quiet, { KAFKA_AKS_AMBARI_URL: ' http://127.0.0.1:8080 ' }).ambariUrlOverride).toBe('http://127.0.0.1:8080');
    expect(createContext({}, quiet, { KAFKA_AKS_AMBARI_URL: '  ' }).ambariUrlOverride).toBeUndefined();
  });

  it('refuses a KAFKA_AKS_ARM_ENDPOINT that is not https (the SDK would refuse to send a token to it), in one usage error', () => {
    for (const endpoint of ['http://127.0.0.1:8443', 'management.azure.com', 'ftp://x']) {
      expect(() => createContext({}, quiet, { KAFKA_AKS_ARM_ENDPOINT: endpoint })).toThrowError(
        expect.objectContaining({ kind: 'usage', message: expect.stringContaining('not an https:// URL') }),
      );
    }
  });
});
