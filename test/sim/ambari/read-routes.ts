// GET routes: clusters, services, components, hosts, host components and configurations, each with
// `fields=` and predicates applied as Ambari does (collections filter and answer 200 with an empty
// `items` when nothing matches; a missing single resource is a 404).
import { notFound } from './http.js';
import { serviceOf, type SimCluster } from './model.js';
import {
  clusterResource,
  componentResource,
  configurationResource,
  hostComponentResource,
  hostResource,
  INTERNAL_BASE,
  serviceResource,
} from './resources.js';
import { clusterNamed, collection, single, type Route } from './routes.js';

function serviceNamed(cluster: SimCluster, name: string) {
  const service = serviceOf(cluster, name);
  if (!service) throw notFound(`Service not found, clusterName=${cluster.name}, serviceName=${name}`);
  return service;
}

export const readRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/clusters$/,
    handle: (request, clusters) =>
      collection(`${INTERNAL_BASE}/clusters`, [...clusters.values()].map(clusterResource), request.query),
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)$/,
    handle: (request, clusters) => single(clusterResource(clusterNamed(clusters, request.params[0]!)), '', request.query),
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/services$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      return collection(`${INTERNAL_BASE}/clusters/${cluster.name}/services`, cluster.services.map((s) => serviceResource(cluster, s)), request.query);
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/services\/([^/]+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      return single(serviceResource(cluster, serviceNamed(cluster, request.params[1]!)), '', request.query);
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/services\/([^/]+)\/components\/([^/]+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const service = serviceNamed(cluster, request.params[1]!);
      const component = request.params[2]!;
      const exists = cluster.hostComponents.some((hc) => hc.service === service.name && hc.component === component);
      return single(
        exists ? componentResource(cluster, service, component) : undefined,
        `ServiceComponent not found, clusterName=${cluster.name}, serviceName=${service.name}, serviceComponentName=${component}`,
        request.query,
      );
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/hosts$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      return collection(`${INTERNAL_BASE}/clusters/${cluster.name}/hosts`, cluster.hosts.map((h) => hostResource(cluster, h)), request.query);
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/hosts\/([^/]+)$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const host = cluster.hosts.find((h) => h.name === request.params[1]);
      return single(host && hostResource(cluster, host), `Host not found, hostName=${request.params[1]}`, request.query);
    },
  },
  {
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/host_components$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      return collection(
        `${INTERNAL_BASE}/clusters/${cluster.name}/host_components`,
        cluster.hostComponents.map((hc) => hostComponentResource(cluster, hc)),
        request.query,
      );
    },
  },
  {
    // `type=` alone lists versions without properties unless fields asks for them (apache/ambari
    // AmbariManagementControllerImpl.getConfigurations, ConfigurationResourceProvider.getRequest);
    // with a tag, or fields=properties, the properties come along. Unknown type or tag: empty items.
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/configurations$/,
    handle: (request, clusters) => {
      const cluster = clusterNamed(clusters, request.params[0]!);
      const params = new URLSearchParams(request.rawQuery);
      const withProperties = params.has('tag') || /(^|,)(\*|properties)/.test(params.get('fields') ?? '');
      const resources = [...cluster.configs.values()].flat().map((config) => configurationResource(cluster, config, withProperties));
      return collection(`${INTERNAL_BASE}/clusters/${cluster.name}/configurations`, resources, request.query);
    },
  },
];
