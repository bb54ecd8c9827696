// TLS as an operator meets it: a certificate this machine does not accept is named as such, with what to
// do about it, and certificate checks cannot be switched off from the environment.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hdinsightKafkaCluster } from '../sim/ambari/model.js';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { makeTestCertificate, type TestCertificate } from '../sim/arm/tls.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runCli } from '../support/cli.js';
import { peer, seedPeerWorld } from './peer-world.js';

/** An HTTPS server on loopback with a certificate from a throw-away CA, counting the requests that get through. */
interface HttpsEndpoint {
  url: string;
  certificate: TestCertificate;
  requests: number;
}

let server: Server | undefined;
let certificate: TestCertificate | undefined;
let ambari: AmbariFixture | undefined;
let arm: ArmSimulator | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  certificate?.remove();
  await ambari?.sim.stop();
  await arm?.stop();
  server = certificate = ambari = arm = undefined;
});

/** The certificate is for 127.0.0.1 and localhost; `host` may be another loopback address it does not name. */
async function httpsEndpoint(host = '127.0.0.1'): Promise<HttpsEndpoint> {
  certificate = makeTestCertificate();
  const endpoint = { url: '', certificate, requests: 0 };
  server = createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => {
    endpoint.requests += 1;
    response.end('{}');
  });
  await new Promise<void>((resolve) => server!.listen(0, host, resolve));
  endpoint.url = `https://${host}:${(server.address() as AddressInfo).port}`;
  return endpoint;
}

const password = { AMBARI_PASSWORD: 'Never-Sent-1' };

describe('TLS certificates', () => {
  it('Ambari behind a certificate of a CA this machine does not trust: the hint is to trust the CA, not the cluster name', async () => {
    const endpoint = await httpsEndpoint();
    const result = await runCli(['brokers', '--cluster', 'kafka', '--ambari-url', endpoint.url], { env: password });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Error: Ambari at ${endpoint.url} presented a TLS certificate this machine does not trust: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE).`,
    );
    expect(result.stderr).toContain('Hint: Trust the CA that issued it with NODE_EXTRA_CA_CERTS=<ca.pem>');
    expect(result.stderr).toContain('or check --ambari-url');
    expect(result.stderr).not.toContain('cluster name');
    // The handshake failed: no request, so no password, went out.
    expect(endpoint.requests).toBe(0);
  });

  it('the same endpoint once its CA is trusted with NODE_EXTRA_CA_CERTS gets through', async () => {
    const endpoint = await httpsEndpoint();
    const result = await runCli(['brokers', '--cluster', 'kafka', '--ambari-url', endpoint.url], {
      env: { ...password, NODE_EXTRA_CA_CERTS: endpoint.certificate.caFile },
    });
    expect(endpoint.requests).toBeGreaterThan(0);
    expect(result.stderr).not.toContain('TLS certificate');
  });

  it('a certificate issued for another name: the hint is the name in --ambari-url', async () => {
    const endpoint = await httpsEndpoint('127.0.0.2');
    const result = await runCli(['brokers', '--cluster', 'kafka', '--ambari-url', endpoint.url], {
      env: { ...password, NODE_EXTRA_CA_CERTS: endpoint.certificate.caFile },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Error: Ambari at https:\/\/127\.0\.0\.2:\d+ presented a TLS certificate issued for another name: .*127\.0\.0\.2.* \(ERR_TLS_CERT_ALTNAME_INVALID\)\./);
    expect(result.stderr).toContain('Hint: Check --ambari-url: its host must be a name the certificate is issued for.');
    expect(endpoint.requests).toBe(0);
  });

  it('Azure Resource Manager behind a certificate this machine does not trust: the same hint, for KAFKA_AKS_ARM_ENDPOINT', async () => {
    arm = await startArmSimulator();
    const world = seedPeerWorld(arm);
    const result = await peer(arm, world.args, { NODE_EXTRA_CA_CERTS: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Error: .*: Azure Resource Manager presented a TLS certificate this machine does not trust: .*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\./);
    expect(result.stderr).toContain('Hint: Trust the CA that issued it with NODE_EXTRA_CA_CERTS=<ca.pem>');
    expect(result.stderr).toContain('or check KAFKA_AKS_ARM_ENDPOINT');
  });
});

describe('NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
  const insecure = { NODE_TLS_REJECT_UNAUTHORIZED: '0' };

  it('is refused before any request to Ambari: exit 2, saying to unset it or trust the CA', async () => {
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster()] });
    const result = await runCli(['brokers', ...ambari.args, '--json'], { env: { ...ambari.env, ...insecure } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        kind: 'usage',
        exitCode: 2,
        message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks, and kafka-aks does not run without them.',
        hint: 'Unset NODE_TLS_REJECT_UNAUTHORIZED; to trust a private CA, set NODE_EXTRA_CA_CERTS=<ca.pem> instead.',
      },
    });
    expect(result.stderr).toContain('Error: NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks');
    expect(ambari.sim.log).toEqual([]);
  });

  it('is refused before any call to Azure', async () => {
    arm = await startArmSimulator();
    const world = seedPeerWorld(arm);
    const result = await peer(arm, world.args, insecure);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Hint: Unset NODE_TLS_REJECT_UNAUTHORIZED');
    expect(arm.requests()).toEqual([]);
  });

  it('any other value leaves the checks on, as Node does, and is accepted', async () => {
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster()] });
    const result = await runCli(['brokers', ...ambari.args, '--bootstrap'], { env: { ...ambari.env, NODE_TLS_REJECT_UNAUTHORIZED: '1' } });
    expect(result.code).toBe(0);
  });
});
