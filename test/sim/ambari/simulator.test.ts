// The Ambari simulator's own rules, checked with plain HTTP: if these drift from real Ambari, every
// end-to-end test built on the simulator proves less. Sources in the comments of test/sim/ambari/*.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmbariSimulator } from './server.js';

let sim: AmbariSimulator;
beforeEach(async () => {
  sim = await AmbariSimulator.start();
});
afterEach(() => sim.stop());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { Authorization: basic(sim.user, sim.password), ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, json: text ? JSON.parse(text) : undefined };
}

describe('the Ambari simulator', () => {
  it('answers JSON as text/plain, as Ambari does', async () => {
    const answer = await call('GET', '/api/v1/clusters');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/plain');
    expect(answer.json.items[0].Clusters.cluster_name).toBe('kafka');
    expect(answer.json.items[0].href).toBe('http://10.0.0.18:8080/api/v1/clusters/kafka');
  });

  it('refuses a wrong or missing login with 403 and a JSON body', async () => {
    const wrong = await call('GET', '/api/v1/clusters', { Authorization: basic('admin', 'nope') });
    expect(wrong.status).toBe(403);
    expect(wrong.json).toEqual({ status: 403, message: 'Unable to sign in. Invalid username/password combination.' });
    const missing = await fetch(`${sim.url}/api/v1/clusters`);
    expect(missing.status).toBe(403);
  });

  it('answers 401 with a Basic challenge when playing the HDInsight gateway', async () => {
    sim.knobs.gateway401 = true;
    const response = await fetch(`${sim.url}/api/v1/clusters`, { headers: { Authorization: basic('admin', 'x') } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('requires X-Requested-By on every method but GET (CSRF filter), checking only presence', async () => {
    const refused = await call('PUT', '/api/v1/clusters/kafka', {}, '{}');
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      status: 400,
      message: 'CSRF protection is turned on. X-Requested-By HTTP header is required.',
    });
    const accepted = await call('POST', '/api/v1/clusters/kafka', { 'X-Requested-By': '' }, '{}');
    expect(accepted.status).not.toBe(400);
    expect(sim.log.at(-1)!.requestedBy).toBe('');
  });

  it('checks the login before the CSRF header', async () => {
    const answer = await call('PUT', '/api/v1/clusters/kafka', { Authorization: basic('admin', 'wrong') }, '{}');
    expect(answer.status).toBe(403);
  });

  it('names an unknown cluster in a 404, and cluster names are case-sensitive', async () => {
    const answer = await call('GET', '/api/v1/clusters/KAFKA');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      status: 404,
      message: "The requested resource doesn't exist: Cluster not found, clusterName=KAFKA",
    });
  });

  it('filters hosts by the component predicate and returns only the requested fields plus keys', async () => {
    const answer = await call(
      'GET',
      '/api/v1/clusters/kafka/hosts?host_components/HostRoles/component_name=KAFKA_BROKER&fields=Hosts/ip',
    );
    expect(answer.json.items).toHaveLength(3);
    expect(answer.json.items[0]).toEqual({
      href: expect.stringContaining('/hosts/wn0-kafka.'),
      Hosts: { cluster_name: 'kafka', host_name: expect.stringMatching(/^wn0-kafka\.[a-z0-9]{26}\.cx\.internal\.cloudapp\.net$/), ip: '10.0.0.12' },
    });
  });

  it('returns 200 with empty items when a predicate matches nothing, 400 for an unknown property', async () => {
    const none = await call('GET', '/api/v1/clusters/kafka/hosts?Hosts/ip=192.0.2.1');
    expect(none).toMatchObject({ status: 200, json: { items: [] } });
    const unknown = await call('GET', '/api/v1/clusters/kafka/hosts?fields=Nope/x');
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toContain('The properties [Nope/x] specified in the request or predicate are not supported');
  });

  it('supports .in(), | and ! in predicates', async () => {
    const wn = sim.cluster().hosts.filter((h) => h.name.startsWith('wn')).map((h) => h.name);
    const inList = await call('GET', `/api/v1/clusters/kafka/hosts?Hosts/host_name.in(${wn[0]},${wn[2]})`);
    expect(inList.json.items.map((i: { Hosts: { host_name: string } }) => i.Hosts.host_name)).toEqual([wn[0], wn[2]]);
    const either = await call('GET', '/api/v1/clusters/kafka/hosts?Hosts/ip=10.0.0.12|Hosts/ip=10.0.0.13');
    expect(either.json.items).toHaveLength(2);
    const stale = await call('GET', '/api/v1/clusters/kafka/host_components?HostRoles/service_name=KAFKA&HostRoles/stale_configs=true');
    expect(stale.json.items).toEqual([]);
  });

  it('serves the KAFKA service with its state and maintenance state, and the initial config tags', async () => {
    const service = await call('GET', '/api/v1/clusters/kafka/services/KAFKA?fields=ServiceInfo/state,ServiceInfo/maintenance_state');
    expect(service.json.ServiceInfo).toEqual({ cluster_name: 'kafka', service_name: 'KAFKA', state: 'STARTED', maintenance_state: 'OFF' });
    const cluster = await call('GET', '/api/v1/clusters/kafka?fields=Clusters/desired_configs');
    expect(cluster.json.Clusters.desired_configs['kafka-env']).toEqual({ tag: 'INITIAL', version: 1 });
    const config = await call('GET', '/api/v1/clusters/kafka/configurations?type=kafka-broker&tag=INITIAL');
    expect(config.json.items[0].properties.listeners).toBe('PLAINTEXT://localhost:9092');
    const env = await call('GET', '/api/v1/clusters/kafka/configurations?type=kafka-env&tag=INITIAL');
    expect(env.json.items[0]).not.toHaveProperty('properties_attributes');
  });

  it('a fault knob answers 500 once, then the cluster answers again', async () => {
    sim.failNext(500);
    expect((await call('GET', '/api/v1/clusters')).status).toBe(500);
    expect((await call('GET', '/api/v1/clusters')).status).toBe(200);
  });

  it('serves an HTML login page when told to', async () => {
    sim.knobs.loginPage = true;
    const response = await fetch(`${sim.url}/api/v1/clusters`);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });
});
