// PUT /clusters/{c} with desired_config (one object or an array) or desired_service_config_versions:
// Ambari's rules for changing configuration (apache/ambari ambari-server/docs/api/v1/configuration.md,
// AmbariManagementControllerImpl, ClusterImpl, ConfigurationResourceProvider):
// - the sent map replaces the whole type (omitted keys are deleted);
// - identical content to the desired config is a silent no-op (200, empty body, no new version);
// - a tag that already exists for the type, with new content → 500;
// - every changed type must belong to one service (400); all of them make ONE service config version;
// - no tag → a random UUID (since 2.7.0); both keys at once → 400;
// - a revert selects an old version's tags as a NEW version number; components go stale again.
import { randomUUID } from 'node:crypto';
import { AmbariHttpError, badRequest, notFound, type RequestBodyItem } from './http.js';
import { desiredConfig, type SimCluster, type SimConfig } from './model.js';
import type { JsonObject, JsonValue } from './query.js';
import { INTERNAL_BASE } from './resources.js';
import type { Properties, PropertiesAttributes } from './stock-configs.js';

interface DesiredConfigElement {
  type: string;
  tag: string;
  properties: Properties | undefined;
  attributes: PropertiesAttributes | undefined;
  note: string;
}

export function updateCluster(cluster: SimCluster, item: RequestBodyItem, user: string, now: number): JsonValue | undefined {
  const clusters = (item.body.Clusters ?? {}) as JsonObject;
  const desiredKey = Object.keys(clusters).find((key) => key.startsWith('desired_config'));
  const revert = clusters.desired_service_config_versions as JsonObject | undefined;
  if (desiredKey && revert) {
    throw badRequest(`Unable to set desired configs and rollback at same time, request = ${JSON.stringify(item.body)}`);
  }
  if (revert) return revertTo(cluster, revert, user, now);
  if (desiredKey) return setDesiredConfigs(cluster, clusters[desiredKey]!, user, now);
  return undefined;
}

function parseElements(raw: JsonValue): DesiredConfigElement[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((entry) => {
    const element = entry as JsonObject;
    if (typeof element.type !== 'string') throw badRequest('Invalid Request: desired_config must have a type');
    return {
      type: element.type,
      tag: typeof element.tag === 'string' && element.tag !== '' ? element.tag : randomUUID(),
      properties: element.properties as Properties | undefined,
      attributes: element.properties_attributes as PropertiesAttributes | undefined,
      note: typeof element.service_config_version_note === 'string' ? element.service_config_version_note : '',
    };
  });
}

/** isConfigurationCreationNeeded: same size and values, same attributes (missing counts as empty). */
function sameContent(current: SimConfig | undefined, element: DesiredConfigElement): boolean {
  if (!current || !element.properties) return false;
  const a = current.properties;
  const b = element.properties;
  const sameProps = Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
  return sameProps && JSON.stringify(sortDeep(current.propertiesAttributes ?? {})) === JSON.stringify(sortDeep(element.attributes ?? {}));
}

function setDesiredConfigs(cluster: SimCluster, raw: JsonValue, user: string, now: number): JsonValue | undefined {
  const elements = parseElements(raw);
  const changed = elements.filter((element) =>
    element.properties ? !sameContent(desiredConfig(cluster, element.type), element) : cluster.desiredTags.get(element.type) !== element.tag,
  );
  if (changed.length === 0) return undefined;

  for (const element of elements.filter((e) => e.properties)) {
    if (cluster.configs.get(element.type)?.some((config) => config.tag === element.tag)) {
      throw new AmbariHttpError(
        500,
        `org.apache.ambari.server.controller.spi.SystemException: An internal system exception occurred: Configuration with tag '${element.tag}' exists for '${element.type}'`,
      );
    }
  }
  const services = [...new Set(changed.map((element) => serviceOfType(cluster, element.type)))];
  if (services.length !== 1) {
    throw badRequest(
      `Config types: [${changed.map((e) => e.type).join(', ')}] should belong to a single installed service. Services found: [${services.join(', ')}]`,
    );
  }
  const service = services[0]!;
  const created: SimConfig[] = [];
  for (const element of changed) {
    const versions = cluster.configs.get(element.type) ?? [];
    let config = versions.find((c) => c.tag === element.tag);
    if (!config) {
      if (!element.properties) throw notFound(`Config not found, type=${element.type}, tag=${element.tag}`);
      config = {
        type: element.type,
        tag: element.tag,
        version: Math.max(0, ...versions.map((c) => c.version)) + 1,
        properties: { ...element.properties },
        propertiesAttributes: element.attributes && Object.keys(element.attributes).length > 0 ? structuredClone(element.attributes) : undefined,
      };
      cluster.configs.set(element.type, [...versions, config]);
    }
    cluster.desiredTags.set(element.type, config.tag);
    created.push(config);
  }
  const version = addServiceConfigVersion(cluster, service, changed.find((e) => e.note)?.note ?? '', user, now);
  return {
    resources: [
      {
        href: `${INTERNAL_BASE}/clusters/${cluster.name}/configurations/service_config_versions?service_name=${service}&service_config_version=${version.version}`,
        configurations: created.map((config) => ({
          clusterName: cluster.name,
          stackId: { stackName: 'HDP', stackVersion: '3.1' },
          type: config.type,
          versionTag: config.tag,
          version: config.version,
          serviceConfigVersions: null,
          configs: config.properties,
          configAttributes: config.propertiesAttributes ?? {},
          propertiesTypes: {},
        })),
        group_id: -1,
        group_name: 'Default',
        service_config_version: version.version,
        service_config_version_note: version.note,
        service_name: service,
      },
    ],
  };
}

function revertTo(cluster: SimCluster, revert: JsonObject, user: string, now: number): JsonValue {
  const service = revert.service_name;
  const number = revert.service_config_version;
  if (typeof service !== 'string' || typeof number !== 'string') {
    throw badRequest('Service name and service config version must be provided');
  }
  const target = cluster.serviceConfigVersions.find((v) => v.service === service && v.version === Number(number));
  // Ambari's message, placeholders and all (apache/ambari ClusterImpl.applyServiceConfigVersion throws
  // ObjectNotFoundException("Service config version with serviceName={} and version={} not found").
  if (!target) throw notFound('Service config version with serviceName={} and version={} not found');
  for (const [type, tag] of Object.entries(target.tags)) cluster.desiredTags.set(type, tag);
  const note = typeof revert.service_config_version_note === 'string' ? revert.service_config_version_note : `Created from service config version V${target.version}`;
  const version = addServiceConfigVersion(cluster, service, note, user, now);
  return {
    resources: [
      {
        href: `${INTERNAL_BASE}/clusters/${cluster.name}/configurations/service_config_versions?service_name=${service}&service_config_version=${version.version}`,
        group_id: -1,
        group_name: 'Default',
        service_config_version: version.version,
        service_config_version_note: version.note,
        service_name: service,
      },
    ],
  };
}

function addServiceConfigVersion(cluster: SimCluster, service: string, note: string, user: string, now: number) {
  const types = cluster.services.find((s) => s.name === service)?.configTypes ?? [];
  const version = {
    service,
    version: Math.max(0, ...cluster.serviceConfigVersions.filter((v) => v.service === service).map((v) => v.version)) + 1,
    note,
    user,
    createTime: 1_700_000_000_000 + now,
    tags: Object.fromEntries(types.map((type) => [type, cluster.desiredTags.get(type)!])),
  };
  cluster.serviceConfigVersions.push(version);
  return version;
}

function serviceOfType(cluster: SimCluster, type: string): string {
  const service = cluster.services.find((s) => s.configTypes.includes(type));
  if (!service) throw badRequest(`Config type ${type} does not belong to any installed service`);
  return service.name;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortDeep(v)]));
  }
  return value;
}

/** What an administrator saving a type in Ambari's UI does: for tests that need a concurrent writer. */
export function saveConfigAsAdmin(cluster: SimCluster, type: string, properties: Properties, note: string, now: number): void {
  const current = desiredConfig(cluster, type);
  setDesiredConfigs(
    cluster,
    {
      type,
      tag: `version${1_700_000_000_000 + now}${cluster.serviceConfigVersions.length}`,
      properties,
      ...(current?.propertiesAttributes ? { properties_attributes: current.propertiesAttributes } : {}),
      service_config_version_note: note,
    },
    'admin',
    now,
  );
}
