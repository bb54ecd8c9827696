// The ARM simulator's own rules, checked over raw https so that they hold whatever client calls them:
// these are the behaviours of ARM the peer tests rely on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { NETWORK_API as NET, armToken as token, rawArm, type RawAnswer as Answer, type RawOptions } from '../support/arm-raw.js';

let sim: ArmSimulator;
let call: (method: string, path: string, options?: RawOptions) => Promise<Answer>;

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
let a: string;
let b: string;

beforeAll(async () => {
  sim = await startArmSimulator();
  call = rawArm(sim);
});
afterAll(() => sim.stop());

beforeEach(() => {
  // A fresh pair of VNets per test, under unique names.
  const suffix = Math.random().toString(36).slice(2, 8);
  a = sim.world.addVnet({ resourceGroup: 'rg-a', name: `vnet-a-${suffix}`, addressPrefixes: ['10.1.0.0/16'] });
  b = sim.world.addVnet({ resourceGroup: 'rg-b', name: `vnet-b-${suffix}`, addressPrefixes: ['10.2.0.0/16'] });
  sim.lroDurationMs = 0;
});

const put = (vnetId: string, peering: string, remote: string, query = '') =>
  call('PUT', `${vnetId}/virtualNetworkPeerings/${peering}?api-version=${NET}${query}`, {
    body: { properties: { remoteVirtualNetwork: { id: remote }, allowVirtualNetworkAccess: true } },
  });
const get = (id: string) => call('GET', id);

async function settle(answer: Answer): Promise<Answer> {
  const url = String(answer.headers['azure-asyncoperation']);
  let status: Answer;
  do status = await call('GET', url);
  while (status.body.status === 'InProgress');
  return status;
}

describe('the ARM simulator', () => {
  it('requires api-version, a bearer token and ARM as its audience, answering in the error envelope', async () => {
    expect(await call('GET', a, { apiVersion: null })).toMatchObject({
      status: 400,
      body: { error: { code: 'MissingApiVersionParameter' } },
    });
    expect(await call('GET', a, { apiVersion: '1999-01-01' })).toMatchObject({
      status: 400,
      body: { error: { code: 'NoRegisteredProviderFound' } },
    });
    expect(await call('GET', a, { auth: null })).toMatchObject({
      status: 401,
      body: { error: { code: 'AuthenticationFailed' } },
    });
    // What a classic SDK client asks for when it derives the scope from an overridden endpoint.
    expect(await call('GET', a, { auth: token(sim.endpoint) })).toMatchObject({
      status: 401,
      body: { error: { code: 'InvalidAuthenticationTokenAudience' } },
    });
  });

  it('names missing groups and resources as ARM does', async () => {
    const noGroup = await call('GET', `${SUB}/resourceGroups/nope-rg/providers/Microsoft.Network/virtualNetworks/x`);
    expect(noGroup.body.error.code).toBe('ResourceGroupNotFound');
    const missing = await call('GET', `${SUB}/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/missing-vnet`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'ResourceNotFound',
      message: expect.stringContaining(
        "The Resource 'Microsoft.Network/virtualNetworks/missing-vnet' under resource group 'rg-a' was not found",
      ),
    });
  });

  it('answers a peering PUT with 201 Updating and an Azure-AsyncOperation that ends Succeeded', async () => {
    sim.lroDurationMs = 1500;
    const created = await put(a, 'a-to-b', b);
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(`${a}/virtualNetworkPeerings/a-to-b`);
    expect(created.body.properties).toMatchObject({ provisioningState: 'Updating', peeringState: 'Initiated' });
    const poll = await call('GET', String(created.headers['azure-asyncoperation']));
    expect(poll.body).toEqual({ status: 'InProgress' });
    expect(poll.headers['retry-after']).toBe('2');
    sim.operations.finishAll();
    expect((await call('GET', String(created.headers['azure-asyncoperation']))).body).toEqual({ status: 'Succeeded' });
    const got = await get(`${a}/virtualNetworkPeerings/a-to-b`);
    expect(got.body.properties).toMatchObject({ provisioningState: 'Succeeded', peeringSyncLevel: 'FullyInSync' });
  });

  it('connects both sides once both exist, and leaves one Disconnected when the other is deleted', async () => {
    await settle(await put(a, 'a-to-b', b));
    await settle(await put(b, 'b-to-a', a));
    expect((await get(`${a}/virtualNetworkPeerings/a-to-b`)).body.properties.peeringState).toBe('Connected');
    const deleted = await call('DELETE', `${b}/virtualNetworkPeerings/b-to-a`);
    expect(deleted.status).toBe(202);
    expect(deleted.headers.location).toContain('/operationResults/');
    await settle(deleted);
    expect((await get(`${a}/virtualNetworkPeerings/a-to-b`)).body.properties.peeringState).toBe('Disconnected');
    // Creating the deleted side again is refused until the Disconnected side is updated or re-created.
    expect((await put(b, 'b-to-a', a)).body.error.code).toBe('RemotePeeringIsDisconnected');
    // Deleting what is gone is a no-op.
    expect((await call('DELETE', `${b}/virtualNetworkPeerings/b-to-a`)).status).toBe(204);
  });

  it('refuses overlapping address spaces, overlaps with already-peered VNets, and a second peering to one remote', async () => {
    const c = sim.world.addVnet({ resourceGroup: 'rg-c', name: `c-${a.split('/').pop()}`, addressPrefixes: ['10.0.0.0/8'] });
    const overlap = await put(a, 'a-to-c', c);
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.code).toBe('VnetAddressSpacesOverlap');
    expect(overlap.body.error.message).toContain('Overlapping address prefixes: 10.1.0.0/16, 10.0.0.0/8');
    await settle(await put(a, 'a-to-b', b));
    expect((await put(a, 'again-to-b', b)).body.error.code).toBe('AnotherPeeringAlreadyReferencesRemoteVnet');
    const d = sim.world.addVnet({ resourceGroup: 'rg-d', name: `d-${a.split('/').pop()}`, addressPrefixes: ['10.2.128.0/17'] });
    expect((await put(a, 'a-to-d', d)).body.error.code).toBe('VnetAddressSpaceOverlapsWithAlreadyPeeredVnet');
    expect(sim.world.findVnet(a)!.peerings.map((p) => p.name)).toEqual(['a-to-b']);
  });

  it('tracks address-space sync per side', async () => {
    await settle(await put(a, 'a-to-b', b));
    await settle(await put(b, 'b-to-a', a));
    sim.world.addAddressPrefix(b, '10.3.0.0/16');
    expect((await get(`${a}/virtualNetworkPeerings/a-to-b`)).body.properties.peeringSyncLevel).toBe('LocalNotInSync');
    expect((await get(`${b}/virtualNetworkPeerings/b-to-a`)).body.properties.peeringSyncLevel).toBe('RemoteNotInSync');
    await settle(await put(a, 'a-to-b', b, '&syncRemoteAddressSpace=true'));
    expect((await get(`${a}/virtualNetworkPeerings/a-to-b`)).body.properties.peeringSyncLevel).toBe('FullyInSync');
  });

  it('fires its fault knobs once each: 429 with Retry-After, a 500, a failed operation, AuthorizationFailed', async () => {
    sim.faults.throttle({ method: 'GET', retryAfterSeconds: 3 });
    const throttled = await get(a);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
    expect(throttled.body.error.code).toBe('SubscriptionRequestsThrottled');
    sim.faults.serverError({ pathIncludes: a });
    expect((await get(a)).status).toBe(500);
    expect((await get(a)).status).toBe(200);

    sim.faults.failNextOperation({ code: 'InternalServerError', message: 'An error occurred.' });
    const failed = await settle(await put(a, 'a-to-b', b));
    expect(failed.body).toEqual({ status: 'Failed', error: { code: 'InternalServerError', message: 'An error occurred.' } });
    expect((await get(`${a}/virtualNetworkPeerings/a-to-b`)).body.properties.provisioningState).toBe('Failed');

    sim.faults.deny({ scope: b, action: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write' });
    const denied = await put(b, 'b-to-a', a);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AuthorizationFailed');
    expect(denied.body.error.message).toContain(
      "does not have authorization to perform action 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write'",
    );
    expect((await get(b)).status).toBe(200);
  });

  it('serves AKS and HDInsight clusters in the shapes of the REST examples', async () => {
    const { vnetId } = sim.world.addAksCluster({ resourceGroup: 'aks-rg', name: 'aks1' });
    sim.world.addHdinsightCluster({ resourceGroup: 'kafka-rg', name: 'kafka1', vnetId: b, gatewayPassword: 'pw' });
    const aks = await call('GET', `${SUB}/resourceGroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/aks1`, {
      apiVersion: '2026-04-01',
    });
    expect(aks.body.properties.nodeResourceGroup).toBe('MC_aks-rg_aks1_westeurope');
    expect(vnetId).toContain('/resourceGroups/MC_aks-rg_aks1_westeurope/providers/Microsoft.Network/virtualNetworks/aks-vnet-');
    const hdi = await call('GET', `${SUB}/resourceGroups/kafka-rg/providers/Microsoft.HDInsight/clusters/KAFKA1`, {
      apiVersion: '2021-06-01',
    });
    expect(hdi.body.properties.clusterDefinition.kind).toBe('KAFKA');
    expect(hdi.body.properties.computeProfile.roles[1].virtualNetworkProfile.id).toBe(b);
    const gateway = await call(
      'POST',
      `${SUB}/resourceGroups/kafka-rg/providers/Microsoft.HDInsight/clusters/kafka1/getGatewaySettings`,
      { apiVersion: '2021-06-01' },
    );
    expect(gateway.body).toEqual({
      'restAuthCredential.isEnabled': 'true',
      'restAuthCredential.username': 'admin',
      'restAuthCredential.password': 'pw',
    });
    expect(sim.writes().filter((w) => w.path.includes('getGatewaySettings'))).toEqual([]);
  });
});
