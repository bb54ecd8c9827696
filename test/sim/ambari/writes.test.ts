// The Ambari simulator's write side, checked with plain HTTP against what Ambari is documented to do
// (sources in the comments of config-writes.ts and requests.ts). If these drift, configure-advertising's
// tests prove less.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desiredConfig, hdinsightKafkaCluster } from './model.js';
import { AmbariSimulator } from './server.js';

let sim: AmbariSimulator;
beforeEach(async () => {
  sim = await AmbariSimulator.start({ clusters: [hdinsightKafkaCluster({ workers: 3 })] });
  sim.clock.autoAdvance = false;
});
afterEach(() => sim.stop());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.url}/api/v1/clusters/kafka${path}`, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(`${sim.user}:${sim.password}`).toString('base64')}`, 'X-Requested-By': 'test' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

const putConfig = (elements: unknown) => call('PUT', '', { Clusters: { desired_config: elements } });
const cluster = () => sim.cluster();
const brokerConfig = () => desiredConfig(cluster(), 'kafka-broker')!;
const staleCount = async () =>
  (await call('GET', '/host_components?HostRoles/component_name=KAFKA_BROKER&HostRoles/stale_configs=true')).json.items.length;

describe('Ambari simulator: configuration writes', () => {
  it('replaces the whole map: a property left out is deleted', async () => {
    const answer = await putConfig({ type: 'kafka-broker', tag: 'v2', properties: { listeners: 'PLAINTEXT://0.0.0.0:9092' } });
    expect(answer.status).toBe(200);
    expect(answer.json.resources[0]).toMatchObject({ service_name: 'KAFKA', service_config_version: 2 });
    expect(brokerConfig().properties).toEqual({ listeners: 'PLAINTEXT://0.0.0.0:9092' });
    expect(await staleCount()).toBe(3);
  });

  it('identical content is a silent no-op: 200, empty body, no new version', async () => {
    const current = brokerConfig();
    const answer = await putConfig({ type: 'kafka-broker', tag: 'v9', properties: current.properties, properties_attributes: current.propertiesAttributes });
    expect(answer).toMatchObject({ status: 200, text: '' });
    expect(cluster().serviceConfigVersions.filter((v) => v.service === 'KAFKA')).toHaveLength(1);
    expect(await staleCount()).toBe(0);
  });

  it('omitting properties_attributes the config has counts as a change', async () => {
    const answer = await putConfig({ type: 'kafka-broker', tag: 'v3', properties: brokerConfig().properties });
    expect(answer.json.resources).toHaveLength(1);
  });

  it('a reused tag with new content is a 500', async () => {
    const answer = await putConfig({ type: 'kafka-broker', tag: 'INITIAL', properties: { listeners: 'x' } });
    expect(answer.status).toBe(500);
    expect(answer.json.message).toContain("Configuration with tag 'INITIAL' exists for 'kafka-broker'");
  });

  it('types of several services in one array are a 400; types of one service make one version', async () => {
    const mixed = await putConfig([
      { type: 'kafka-broker', tag: 'a', properties: { listeners: 'x' } },
      { type: 'zoo.cfg', tag: 'a', properties: { clientPort: '2182' } },
    ]);
    expect(mixed.status).toBe(400);
    expect(mixed.json.message).toContain('should belong to a single installed service');
    const together = await putConfig([
      { type: 'kafka-broker', tag: 'b', properties: { listeners: 'y' } },
      { type: 'kafka-env', tag: 'b', properties: { content: '#' } },
    ]);
    expect(together.json.resources[0].service_config_version).toBe(2);
    expect(cluster().serviceConfigVersions.filter((v) => v.service === 'KAFKA')).toHaveLength(2);
  });

  it('reverts to a service config version as a NEW version with the old tags; components go stale again', async () => {
    await putConfig({ type: 'kafka-broker', tag: 'v2', properties: { listeners: 'y' } });
    const both = await call('PUT', '', { Clusters: { desired_config: { type: 'kafka-broker', tag: 'v3' }, desired_service_config_versions: {} } });
    expect(both.status).toBe(400);
    const revert = await call('PUT', '', { Clusters: { desired_service_config_versions: { service_config_version: 1, service_name: 'KAFKA' } } });
    expect(revert.json.resources[0].service_config_version).toBe(3);
    expect(brokerConfig().tag).toBe('INITIAL');
    const versions = await call('GET', '/configurations/service_config_versions?service_name=KAFKA&is_current=true');
    expect(versions.json.items.map((v: { service_config_version: number }) => v.service_config_version)).toEqual([3]);
    const unknown = await call('PUT', '', { Clusters: { desired_service_config_versions: { service_config_version: 9, service_name: 'KAFKA' } } });
    expect(unknown.status).toBe(404);
  });
});

describe('Ambari simulator: maintenance mode and restarts', () => {
  const brokers = () => cluster().hosts.filter((h) => h.name.startsWith('wn')).map((h) => h.name);
  const restart = (level: string | undefined, hosts: string) =>
    call('POST', '/requests', {
      RequestInfo: { command: 'RESTART', context: 'test', ...(level ? { operation_level: { level, cluster_name: 'kafka', service_name: 'KAFKA' } } : {}) },
      'Requests/resource_filters': [{ service_name: 'KAFKA', component_name: 'KAFKA_BROKER', hosts }],
    });

  it('reports IMPLIED_FROM_SERVICE on host components while the service is in maintenance', async () => {
    expect((await call('PUT', '/services/KAFKA', { RequestInfo: { context: 'x' }, Body: { ServiceInfo: { maintenance_state: 'ON' } } })).status).toBe(200);
    const components = await call('GET', '/host_components?HostRoles/component_name=KAFKA_BROKER&fields=HostRoles/maintenance_state');
    expect(components.json.items.map((i: { HostRoles: { maintenance_state: string } }) => i.HostRoles.maintenance_state)).toEqual(
      Array(3).fill('IMPLIED_FROM_SERVICE'),
    );
  });

  it('a CLUSTER-level restart skips components in maintenance: 201, empty body, no request', async () => {
    await call('PUT', '/services/KAFKA', { Body: { ServiceInfo: { maintenance_state: 'ON' } } });
    const skipped = await restart('CLUSTER', brokers().join(','));
    expect(skipped).toMatchObject({ status: 201, text: '' });
    const serviceLevel = await restart('SERVICE', brokers().join(','));
    expect(serviceLevel.status).toBe(202);
    expect(serviceLevel.json.Requests).toEqual({ id: expect.any(Number), status: 'Accepted' });
  });

  it('a filter without hosts is the "no healthy eligible hosts" 500', async () => {
    const answer = await restart('SERVICE', '');
    expect(answer.status).toBe(500);
    expect(answer.json.message).toContain('there were no healthy eligible hosts');
  });

  it('moves a request PENDING → QUEUED → IN_PROGRESS → FAILED as soon as one task fails, counting finished tasks', async () => {
    cluster().restarts.faults.set(brokers()[0]!, { status: 'FAILED', stderr: 'boom' });
    cluster().restarts.steps = 1;
    const id = (await restart('SERVICE', brokers().join(','))).json.Requests.id;
    const status = async () => (await call('GET', `/requests/${id}?fields=Requests/*`)).json.Requests;
    expect((await status()).request_status).toBe('PENDING');
    sim.clock.tick();
    expect((await status()).request_status).toBe('QUEUED');
    sim.clock.tick();
    expect((await status()).request_status).toBe('IN_PROGRESS');
    expect(cluster().maxBrokersDown).toBe(3);
    sim.clock.tick();
    const done = await status();
    expect(done).toMatchObject({ request_status: 'FAILED', task_count: 3, completed_task_count: 3, failed_task_count: 1, progress_percent: 100 });
  });

  it('a later request waits, PENDING, while an earlier one still runs on one of its hosts; on other hosts it runs at once', async () => {
    cluster().restarts.steps = 1;
    const [first, second, third] = brokers();
    const status = async (id: number) => (await call('GET', `/requests/${id}?fields=Requests/request_status`)).json.Requests.request_status;
    const earlier = (await restart('SERVICE', `${first},${second}`)).json.Requests.id;
    const overlapping = (await restart('SERVICE', `${second},${third}`)).json.Requests.id;
    const apart = (await restart('SERVICE', third!)).json.Requests.id;
    sim.clock.tick(2);
    expect(await status(earlier)).toBe('IN_PROGRESS');
    expect(await status(overlapping)).toBe('PENDING');
    // third is a host of the waiting request, which blocks it too: Ambari counts pending stages' hosts.
    expect(await status(apart)).toBe('PENDING');
    sim.clock.tick();
    expect(await status(earlier)).toBe('COMPLETED');
    sim.clock.tick(3);
    expect(await status(overlapping)).toBe('COMPLETED');
    const restartsOf = (host: string) => cluster().requests.flatMap((r) => r.tasks).filter((t) => t.host === host);
    const [a, b] = restartsOf(second!);
    expect(b!.startTime).toBeGreaterThan(a!.endTime);
  });

  it('aborts a running request; aborting needs a reason', async () => {
    const id = (await restart('SERVICE', brokers().join(','))).json.Requests.id;
    expect((await call('PUT', `/requests/${id}`, { Requests: { request_status: 'ABORTED', abort_reason: '' } })).status).toBe(400);
    expect((await call('PUT', `/requests/${id}`, { Requests: { request_status: 'ABORTED', abort_reason: 'test' } })).status).toBe(200);
    expect((await call('GET', `/requests/${id}`)).json.Requests.request_status).toBe('ABORTED');
  });

  it('a broker listening on 0.0.0.0 with no advertised address fails to start, as Kafka does', async () => {
    const props = { ...brokerConfig().properties, listeners: 'PLAINTEXT://0.0.0.0:9092' };
    await putConfig({ type: 'kafka-broker', tag: 'by-hand', properties: props, properties_attributes: brokerConfig().propertiesAttributes });
    cluster().restarts.steps = 1;
    const id = (await restart('SERVICE', brokers()[0]!)).json.Requests.id;
    sim.clock.tick(3);
    const request = await call('GET', `/requests/${id}?fields=Requests/request_status,tasks/Tasks/stderr`);
    expect(request.json.Requests.request_status).toBe('FAILED');
    expect(request.json.tasks[0].Tasks.stderr).toContain('advertised.listeners cannot use the nonroutable meta-address 0.0.0.0');
    expect(sim.brokerRuntime(brokers()[0]!).error).toContain('nonroutable meta-address');
  });

  it("the documented PLAINTEXT snippet stops an ESP cluster's brokers (MicrosoftDocs/azure-docs#75519)", async () => {
    await sim.stop();
    sim = await AmbariSimulator.start({ clusters: [hdinsightKafkaCluster({ listeners: 'SASL_PLAINTEXT://localhost:9092' })] });
    sim.clock.autoAdvance = false;
    const env = desiredConfig(cluster(), 'kafka-env')!;
    const documented = `${env.properties.content}
IP_ADDRESS=$(hostname -i)
sed -i.bak -e '/advertised/{/advertised@/!d;}' /usr/hdp/current/kafka-broker/conf/server.properties
echo "advertised.listeners=PLAINTEXT://$IP_ADDRESS:9092" >> /usr/hdp/current/kafka-broker/conf/server.properties
`;
    await putConfig([
      { type: 'kafka-env', tag: 'doc', properties: { ...env.properties, content: documented } },
      { type: 'kafka-broker', tag: 'doc', properties: { ...brokerConfig().properties, listeners: 'SASL_PLAINTEXT://0.0.0.0:9092' }, properties_attributes: brokerConfig().propertiesAttributes },
    ]);
    cluster().restarts.steps = 1;
    await restart('SERVICE', brokers()[0]!);
    sim.clock.tick(3);
    expect(sim.brokerRuntime(brokers()[0]!).error).toContain('advertised.listeners listener names must be equal to or a subset');
  });
});
