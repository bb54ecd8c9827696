// Service state, maintenance mode and restarts of host components (apache/ambari
// ambari-server/docs/api/v1/update-service.md, requests.md; ServiceResourceProvider,
// MaintenanceStateHelper, state/State.java).
import { operationFailed } from '../errors.js';
import type { AmbariCluster } from './cluster.js';
import { isObject, objectAt, stringAt } from './json.js';

export interface ServiceStatus {
  /** STARTED, INSTALLED (stopped), STARTING, ... */
  state: string;
  maintenance: string;
}

export async function readService(cluster: AmbariCluster, service: string): Promise<ServiceStatus> {
  const where = `the ${service} service`;
  const answer = await cluster.get(`/services/${encodeURIComponent(service)}`, { fields: 'ServiceInfo/state,ServiceInfo/maintenance_state' });
  const info = objectAt(answer, 'ServiceInfo', where);
  return { state: stringAt(info, 'state', where), maintenance: stringAt(info, 'maintenance_state', where) };
}

/** Maintenance mode mutes alerts while brokers bounce (the runbook's step before "Restart All Affected"). */
export async function setMaintenance(cluster: AmbariCluster, service: string, state: 'ON' | 'OFF'): Promise<void> {
  await cluster.put(`/services/${encodeURIComponent(service)}`, {
    RequestInfo: { context: `${state === 'ON' ? 'Turn On' : 'Turn Off'} Maintenance Mode for ${service} (kafka-aks)` },
    Body: { ServiceInfo: { maintenance_state: state } },
  });
}

/** The same call, spelled out for an operator who must make it by hand. */
export function maintenanceOffByHand(baseUrl: string, cluster: string, service: string): string {
  return (
    `In Ambari: ${service} > Actions > Turn Off Maintenance Mode; or: curl -u admin -H 'X-Requested-By: ambari' -X PUT ` +
    `-d '{"Body":{"ServiceInfo":{"maintenance_state":"OFF"}}}' ${baseUrl}/api/v1/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}`
  );
}

/**
 * One RESTART request for the given hosts' component, at SERVICE level: the service is in maintenance
 * while we restart, and a CLUSTER-level operation would skip every component in it
 * (MaintenanceStateHelper.isOperationAllowed in apache/ambari).
 * Returns the request id; throws when Ambari created no request (every host excluded by maintenance).
 */
export async function requestRestart(
  cluster: AmbariCluster,
  service: string,
  component: string,
  hosts: string[],
  context: string,
): Promise<number> {
  const answer = await cluster.post('/requests', {
    RequestInfo: {
      command: 'RESTART',
      context,
      operation_level: { level: 'SERVICE', cluster_name: cluster.name, service_name: service },
    },
    'Requests/resource_filters': [{ service_name: service, component_name: component, hosts: hosts.join(',') }],
  });
  if (!isObject(answer) || !isObject(answer.Requests) || typeof answer.Requests.id !== 'number') {
    throw operationFailed(`Ambari did not restart ${component} on ${hosts.join(', ')}: it created no request.`, {
      hint: 'Those hosts are probably in host maintenance mode in Ambari: turn it off for them, then run the command again.',
    });
  }
  return answer.Requests.id;
}
