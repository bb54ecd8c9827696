// Reading and writing Ambari configuration types (apache/ambari ambari-server/docs/api/v1/configuration.md;
// MicrosoftDocs/azure-docs articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md). Ambari replaces
// a type's whole map on every write, so a write always carries every property and attribute as read; and
// it keeps a history of service config versions, each with a note, which is how kafka-aks finds its own
// changes.
import { operationFailed } from '../errors.js';
import type { AmbariCluster } from './cluster.js';
import { isObject, itemsOf, numberAt, objectAt, stringAt, booleanAt, optionalString, type Json, type JsonObject } from './json.js';

export type Properties = Record<string, string>;
export type PropertiesAttributes = Record<string, Record<string, string>>;

export interface AmbariConfig {
  type: string;
  tag: string;
  version: number;
  properties: Properties;
  /** Absent when Ambari sent none (it omits empty maps); kept absent on write. */
  propertiesAttributes: PropertiesAttributes | undefined;
}

/** A type to write: every property and attribute, under a tag never used before. */
export interface ConfigToWrite {
  type: string;
  properties: Properties;
  propertiesAttributes: PropertiesAttributes | undefined;
}

export interface ServiceConfigVersion {
  version: number;
  note: string;
  isCurrent: boolean;
  createTime: number;
  user: string;
  /** type → tag selected by this version. */
  tags: Record<string, string>;
}

/** type → tag of the desired (current) config. Always read the tag from here, never the highest version. */
export async function readDesiredTags(cluster: AmbariCluster): Promise<Record<string, string>> {
  const where = 'the desired configs (GET /clusters/<name>?fields=Clusters/desired_configs)';
  const answer = await cluster.get('', { fields: 'Clusters/desired_configs' });
  const desired = objectAt(objectAt(answer, 'Clusters', where), 'desired_configs', where);
  return Object.fromEntries(Object.entries(desired).map(([type, entry]) => [type, stringAt(entry, 'tag', where)]));
}

export async function readConfig(cluster: AmbariCluster, type: string, tag: string): Promise<AmbariConfig> {
  const where = `the ${type} configuration (tag ${tag})`;
  const items = itemsOf(await cluster.get('/configurations', { type, tag }), where);
  const item = items[0];
  if (!item) throw operationFailed(`Ambari has no ${type} configuration with tag ${tag}, though it is the desired one.`);
  return {
    type,
    tag,
    version: numberAt(item, 'version', where),
    properties: stringMap(item.properties, where),
    propertiesAttributes: isObject(item.properties_attributes) ? attributeMap(item.properties_attributes, where) : undefined,
  };
}

/**
 * One PUT with a desired_config array: one new service config version for all the types, each under a
 * fresh tag. Ambari answers 200 with the new version, or 200 with no body when nothing differed.
 */
export async function writeConfigs(cluster: AmbariCluster, configs: ConfigToWrite[], note: string): Promise<number | undefined> {
  const stamp = Date.now();
  const body = {
    Clusters: {
      desired_config: configs.map((config) => ({
        type: config.type,
        // "version" + epoch is every Ambari client's convention (configs.sh, the web UI); the suffix
        // says who wrote it. Unique per type, which is all Ambari asks.
        tag: `version${stamp}-kafka-aks`,
        properties: config.properties,
        ...(config.propertiesAttributes ? { properties_attributes: config.propertiesAttributes } : {}),
        service_config_version_note: note,
      })),
    },
  };
  const answer = await cluster.put('', body);
  if (answer === undefined) return undefined;
  const resource = Array.isArray(isObject(answer) ? answer.resources : undefined) ? (answer as { resources: Json[] }).resources[0] : undefined;
  return isObject(resource) && typeof resource.service_config_version === 'number' ? resource.service_config_version : undefined;
}

export async function listServiceConfigVersions(cluster: AmbariCluster, service: string): Promise<ServiceConfigVersion[]> {
  const where = `the ${service} service config versions`;
  const answer = await cluster.get('/configurations/service_config_versions', {
    service_name: service,
    // configurations is a list-valued property: Ambari returns it whole or not at all.
    fields: 'service_config_version,service_config_version_note,is_current,createtime,user,group_id,configurations',
  });
  return itemsOf(answer, where)
    // Config groups (group_id other than -1) keep versions of their own, for some hosts only; the
    // history of what every broker runs is the default group's.
    .filter((item) => item.group_id === undefined || item.group_id === -1)
    .map((item) => ({
      version: numberAt(item, 'service_config_version', where),
      note: optionalString(item, 'service_config_version_note') ?? '',
      isCurrent: booleanAt(item, 'is_current') ?? false,
      createTime: typeof item.createtime === 'number' ? item.createtime : 0,
      user: optionalString(item, 'user') ?? '',
      tags: Object.fromEntries(
        (Array.isArray(item.configurations) ? item.configurations : [])
          .filter(isObject)
          .map((config) => [stringAt(config, 'type', where), stringAt(config, 'tag', where)]),
      ),
    }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Make an earlier version current again; Ambari records it as a new version (apache/ambari
 * ClusterImpl.applyServiceConfigVersion).
 */
export async function revertToVersion(cluster: AmbariCluster, service: string, version: number, note: string): Promise<void> {
  await cluster.put('', {
    Clusters: {
      desired_service_config_versions: { service_config_version: version, service_name: service, service_config_version_note: note },
    },
  });
}

function stringMap(value: Json | undefined, where: string): Properties {
  if (value === undefined) return {};
  if (!isObject(value)) throw operationFailed(`Ambari sent properties that are not a map for ${where}.`);
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function attributeMap(value: JsonObject, where: string): PropertiesAttributes {
  return Object.fromEntries(Object.entries(value).map(([name, map]) => [name, stringMap(map, where)]));
}
