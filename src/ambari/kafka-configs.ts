// The two Kafka config types kafka-aks changes, read together and written together. Between reading
// them and writing, an administrator may save a change in Ambari; writing our complete maps then would
// silently undo theirs (Ambari replaces whole maps). So the desired tags are read again just before
// the write, and any change to either type stops us.
import { operationFailed } from '../errors.js';
import type { AmbariCluster } from './cluster.js';
import { readConfig, readDesiredTags, writeConfigs, type AmbariConfig, type ConfigToWrite } from './configs.js';

export const KAFKA_TYPES = ['kafka-env', 'kafka-broker'] as const;

export interface KafkaConfigs {
  /** The desired tags of every type when read: the base of the change. */
  tags: Record<string, string>;
  kafkaEnv: AmbariConfig;
  kafkaBroker: AmbariConfig;
}

export async function readKafkaConfigs(cluster: AmbariCluster): Promise<KafkaConfigs> {
  const tags = await readDesiredTags(cluster);
  const missing = KAFKA_TYPES.filter((type) => tags[type] === undefined);
  if (missing.length > 0) {
    throw operationFailed(`Cluster "${cluster.name}" has no ${missing.join(' or ')} configuration: it does not look like HDInsight Kafka.`);
  }
  const [kafkaEnv, kafkaBroker] = await Promise.all(KAFKA_TYPES.map((type) => readConfig(cluster, type, tags[type]!)));
  return { tags, kafkaEnv: kafkaEnv!, kafkaBroker: kafkaBroker! };
}

/** Write the changed types in one PUT (one service config version), unless someone changed them first. */
export async function writeKafkaConfigs(
  cluster: AmbariCluster,
  base: KafkaConfigs,
  changes: ConfigToWrite[],
  note: string,
): Promise<number | undefined> {
  const now = await readDesiredTags(cluster);
  const moved = KAFKA_TYPES.filter((type) => now[type] !== base.tags[type]);
  if (moved.length > 0) {
    throw operationFailed(
      `${moved.join(' and ')} changed in Ambari while kafka-aks was preparing its change (tag ${moved.map((t) => `${base.tags[t]} → ${now[t]}`).join(', ')}); nothing was written, so their change stands.`,
      { hint: 'Run the command again: it builds its change on top of the new configuration.' },
    );
  }
  return writeConfigs(cluster, changes, note);
}
