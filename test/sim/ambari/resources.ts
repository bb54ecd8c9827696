// The simulator's state seen as Ambari resources, with the property names, categories and keys of
// Ambari 2.7 (apache/ambari ambari-server/docs/api/v1/: clusters.md, clusters-cluster.md, hosts.md,
// host-resources.md, host-components.md, services-service.md; configurations as in MicrosoftDocs/azure-docs
// articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md). hrefs carry Ambari's internal address,
// as on HDInsight.
import {
  desiredConfig,
  effectiveMaintenance,
  isStale,
  serviceState,
  type SimCluster,
  type SimConfig,
  type SimHost,
  type SimHostComponent,
  type SimService,
} from './model.js';
import type { JsonObject, Resource } from './query.js';

/**
 * HDInsight's Ambari serves hrefs with its internal address (MicrosoftDocs/azure-docs
 * articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md): clients must not follow them.
 */
export const INTERNAL_BASE = 'http://10.0.0.18:8080/api/v1';

const clusterHref = (cluster: SimCluster) => `${INTERNAL_BASE}/clusters/${cluster.name}`;

export function clusterResource(cluster: SimCluster): Resource {
  const desired: JsonObject = {};
  for (const [type, tag] of cluster.desiredTags) {
    desired[type] = { tag, version: desiredConfig(cluster, type)?.version ?? 1 };
  }
  return {
    type: 'Cluster',
    href: clusterHref(cluster),
    keys: ['Clusters/cluster_name'],
    properties: {
      Clusters: {
        cluster_id: cluster.clusterId,
        cluster_name: cluster.name,
        health_report: { 'Host/host_state/HEALTHY': cluster.hosts.length },
        provisioning_state: 'INSTALLED',
        security_type: 'NONE',
        total_hosts: cluster.hosts.length,
        version: cluster.stackId,
        desired_configs: desired,
      },
    },
    children: {
      services: cluster.services.map((service) => serviceResource(cluster, service, false)),
      hosts: cluster.hosts.map((host) => hostResource(cluster, host)),
    },
  };
}

export function serviceResource(cluster: SimCluster, service: SimService, withComponents = true): Resource {
  const components = [...new Set(cluster.hostComponents.filter((hc) => hc.service === service.name).map((hc) => hc.component))];
  return {
    type: 'Service',
    href: `${clusterHref(cluster)}/services/${service.name}`,
    keys: ['ServiceInfo/cluster_name', 'ServiceInfo/service_name'],
    properties: {
      ServiceInfo: {
        cluster_name: cluster.name,
        maintenance_state: service.maintenance,
        service_name: service.name,
        state: serviceState(cluster, service.name),
      },
    },
    children: withComponents
      ? { components: components.map((component) => componentResource(cluster, service, component)) }
      : {},
  };
}

export function componentResource(cluster: SimCluster, service: SimService, component: string): Resource {
  const hostComponents = cluster.hostComponents.filter((hc) => hc.service === service.name && hc.component === component);
  const started = hostComponents.filter((hc) => hc.state === 'STARTED').length;
  return {
    type: 'Component',
    href: `${clusterHref(cluster)}/services/${service.name}/components/${component}`,
    keys: ['ServiceComponentInfo/cluster_name', 'ServiceComponentInfo/component_name', 'ServiceComponentInfo/service_name'],
    properties: {
      ServiceComponentInfo: {
        category: component.endsWith('_CLIENT') ? 'CLIENT' : 'MASTER',
        cluster_name: cluster.name,
        component_name: component,
        service_name: service.name,
        started_count: started,
        total_count: hostComponents.length,
        state: started === hostComponents.length ? 'STARTED' : 'INSTALLED',
      },
    },
    children: { host_components: hostComponents.map((hc) => hostComponentResource(cluster, hc)) },
  };
}

export function hostResource(cluster: SimCluster, host: SimHost): Resource {
  return {
    type: 'Host',
    href: `${clusterHref(cluster)}/hosts/${host.name}`,
    keys: ['Hosts/cluster_name', 'Hosts/host_name'],
    properties: {
      Hosts: {
        cluster_name: cluster.name,
        host_name: host.name,
        host_state: 'HEALTHY',
        host_status: 'HEALTHY',
        ip: host.ip,
        maintenance_state: host.maintenance,
        os_type: 'ubuntu18',
        public_host_name: host.name,
        rack_info: '/default-rack',
      },
    },
    children: {
      host_components: cluster.hostComponents
        .filter((hc) => hc.host === host.name)
        .map((hc) => hostComponentResource(cluster, hc)),
    },
  };
}

export function hostComponentResource(cluster: SimCluster, hc: SimHostComponent): Resource {
  return {
    type: 'HostComponent',
    href: `${clusterHref(cluster)}/hosts/${hc.host}/host_components/${hc.component}`,
    keys: ['HostRoles/cluster_name', 'HostRoles/component_name', 'HostRoles/host_name'],
    properties: {
      HostRoles: {
        cluster_name: cluster.name,
        component_name: hc.component,
        desired_state: hc.state === 'STARTING' ? 'STARTED' : hc.state,
        host_name: hc.host,
        maintenance_state: effectiveMaintenance(cluster, hc),
        service_name: hc.service,
        stale_configs: isStale(cluster, hc),
        state: hc.state,
      },
    },
    children: {},
  };
}

/**
 * A configuration item: `properties` and `properties_attributes` only when non-empty (apache/ambari
 * release-2.7.3 ConfigurationResourceProvider.getResourcesAuthorized).
 */
export function configurationResource(cluster: SimCluster, config: SimConfig, withProperties: boolean): Resource {
  const properties: JsonObject = {
    tag: config.tag,
    type: config.type,
    version: config.version,
    Config: { cluster_name: cluster.name, stack_id: cluster.stackId },
  };
  if (withProperties && Object.keys(config.properties).length > 0) properties.properties = { ...config.properties };
  if (withProperties && config.propertiesAttributes && Object.keys(config.propertiesAttributes).length > 0) {
    properties.properties_attributes = structuredClone(config.propertiesAttributes);
  }
  return {
    type: 'Configuration',
    href: `${clusterHref(cluster)}/configurations?type=${config.type}&tag=${config.tag}`,
    keys: ['tag', 'type', 'version', 'Config', 'properties', 'properties_attributes'],
    properties,
    children: {},
  };
}
