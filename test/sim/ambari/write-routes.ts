// The routes that change a cluster, and the ones that read what changes produce (requests, service
// config versions). Rules and sources: config-writes.ts, requests.ts and the comments below.
import { updateCluster } from './config-writes.js';
import { badRequest, notFound } from './http.js';
import { serviceOf, type SimCluster } from './model.js';
import type { JsonObject, Resource } from './query.js';
import { abortRequest, createRestart, requestResource } from './requests.js';
import { INTERNAL_BASE } from './resources.js';
import { clusterNamed, collection, single, type Route, type RouteAnswer } from './routes.js';

function requestNamed(cluster: SimCluster, id: string) {
  const request = cluster.requests.find((r) => String(r.id) === id);
  if (!request) throw notFound(`Request resource doesn't exist.`);
  return request;
}

/** Service config versions have no category wrapper (ServiceConfigVersionResourceProvider). */
function serviceConfigVersionResource(cluster: SimCluster, index: number): Resource {
  const version = cluster.serviceConfigVersions[index]!;
  const current = Math.max(...cluster.serviceConfigVersions.filter((v) => v.service === version.service).map((v) => v.version));
  const configurations = Object.entries(version.tags).map(([type, tag]) => {
    const config = cluster.configs.get(type)!.find((c) => c.tag === tag)!;
    return {
      Config: { cluster_name: cluster.name, stack_id: cluster.stackId },
      type,
      tag,
      version: config.version,
      properties: { ...config.properties },
      properties_attributes: structuredClone(config.propertiesAttributes ?? {}),
    };
  });
  const properties: JsonObject = {
    cluster_name: cluster.name,
    configurations,
    createtime: version.createTime,
    group_id: -1,
    group_name: 'Default',
    hosts: [],
    is_cluster_compatible: true,
    is_current: version.version === current,
    service_config_version: version.version,
    service_config_version_note: version.note,
    service_name: version.service,
    stack_id: cluster.stackId,
    user: version.user,
  };
  return {
    type: 'ServiceConfigVersion',
    href: `${INTERNAL_BASE}/clusters/${cluster.name}/configurations/service_config_versions?service_name=${version.service}&service_config_version=${version.version}`,
    keys: Object.keys(properties),
    properties,
    children: {},
  };
}

export const writeRoutes: Route[] = [
  {
    method: 'PUT',
    path: /^\/clusters\/([^/]+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      let answer: RouteAnswer = { status: 200 };
      for (const item of request.body) {
        const body = updateCluster(cluster, item, request.user, request.clock.now());
        if (body !== undefined) answer = { status: 200, body };
      }
      return answer;
    },
  },
  {
    // Maintenance mode on a service (apache/ambari ServiceResourceProvider.updateServices): only ON and
    // OFF can be set; 200 with no body.
    method: 'PUT',
    path: /^\/clusters\/([^/]+)\/services\/([^/]+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const service = serviceOf(cluster, request.params[1]!);
      if (!service) throw notFound(`Service not found, clusterName=${cluster.name}, serviceName=${request.params[1]}`);
      for (const item of request.body) {
        const info = (item.body.ServiceInfo ?? {}) as JsonObject;
        if (info.state !== undefined) throw badRequest('The simulator does not implement service state changes; use a RESTART request.');
        const state = info.maintenance_state;
        if (state === undefined) continue;
        if (state !== 'ON' && state !== 'OFF') throw badRequest(`Invalid maintenance state: ${String(state)}`);
        service.maintenance = state;
      }
      return { status: 200 };
    },
  },
  {
    method: 'POST',
    path: /^\/clusters\/([^/]+)\/requests$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const item = request.body[0];
      if (!item) throw badRequest('Invalid Request: Malformed Request Body.');
      const created = createRestart(cluster, item, request.clock.now(), request.user);
      // Every candidate excluded by maintenance: no request, 201 with an empty body (apache/ambari
      // AmbariCustomCommandExecutionHelper.addCustomCommandAction; CreateHandler).
      if (!created) return { status: 201 };
      return {
        status: 202,
        body: { href: `${INTERNAL_BASE}/clusters/${cluster.name}/requests/${created.id}`, Requests: { id: created.id, status: 'Accepted' } },
      };
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/requests$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      return collection(`${INTERNAL_BASE}/clusters/${cluster.name}/requests`, cluster.requests.map((r) => requestResource(cluster, r)), request.query);
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/requests\/(\d+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const found = requestNamed(cluster, request.params[1]!);
      // A poll is what moves simulated time in auto mode: the answer reflects one more step.
      request.clock.polled();
      return single(requestResource(cluster, found), '', request.query);
    },
  },
  {
    method: 'PUT',
    path: /^\/clusters\/([^/]+)\/requests\/(\d+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const found = requestNamed(cluster, request.params[1]!);
      const info = ((request.body[0]?.body.Requests ?? {}) as JsonObject);
      if (typeof info.abort_reason !== 'string' || info.abort_reason === '') throw badRequest('Abort reason can not be empty.');
      if (info.request_status !== 'ABORTED') {
        throw badRequest(`${String(info.request_status)} is wrong value. The only allowed value for updating request status is ABORTED`);
      }
      abortRequest(found);
      return { status: 200 };
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/configurations\/service_config_versions$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      return collection(
        `${INTERNAL_BASE}/clusters/${cluster.name}/configurations/service_config_versions`,
        cluster.serviceConfigVersions.map((_, i) => serviceConfigVersionResource(cluster, i)),
        request.query,
      );
    },
  },
];
