// The two Kafka config types kafka-aks changes, read together and written together. Between reading
// them and writing, an administrator may save a change in Ambari; writing our complete maps then would
// silently undo theirs (Ambari replaces whole maps). So the desired tags are read again just before
// the write, and any change to either type stops us. Ambari has no compare-and-swap, so a change saved
// in the instant between that check and our PUT is caught afterwards, in the service config history
// (see confirmWrittenOnTopOfBase), before anything is restarted.
import { operationFailed } from '../errors.js';
import type { AmbariCluster } from './cluster.js';
import {
  listServiceConfigVersions,
  readConfig,
  readDesiredTags,
  writeConfigs,
  type AmbariConfig,
  type ConfigToWrite,
  type ServiceConfigVersion,
} from './configs.js';

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
  const written = await writeConfigs(cluster, changes, note);
  await confirmWrittenOnTopOfBase(cluster, base, written);
  return written;
}

/**
 * Our write must be the version right after the one we read. Two runs started together both pass the
 * check above; the history shows which one came second, and that one stops here, before maintenance
 * mode and the restart, so no broker is restarted twice and nobody's change is silently overwritten.
 */
async function confirmWrittenOnTopOfBase(cluster: AmbariCluster, base: KafkaConfigs, written: number | undefined): Promise<void> {
  const versions = await listServiceConfigVersions(cluster, 'KAFKA');
  const isBase = (v: ServiceConfigVersion) => KAFKA_TYPES.every((type) => v.tags[type] === base.tags[type]);
  const describe = (v: ServiceConfigVersion) => `version ${v.version}${v.user ? ` by ${v.user}` : ''}${v.note ? ` ("${v.note}")` : ''}`;
  const stop = 'This run restarted nothing.';
  if (written === undefined) {
    // Ambari saved nothing because the configuration already held exactly our change, which it did not
    // when we read it: someone else (most likely another kafka-aks run) made the same change meanwhile.
    const current = versions.find((v) => v.isCurrent) ?? versions.at(-1);
    throw operationFailed(
      `Another change was made since this run read the Kafka configuration: ${current ? describe(current) : 'a new version'} already holds this run's change. ${stop}`,
      {
        hint: 'If another kafka-aks run is under way, let it finish; then run the same command again: it restarts only brokers still behind.',
        details: { concurrentVersion: current?.version ?? null },
      },
    );
  }
  const ours = versions.findIndex((v) => v.version === written);
  const before = ours > 0 ? versions[ours - 1] : undefined;
  if (ours === -1 || (before !== undefined && isBase(before))) return;
  throw operationFailed(
    `Another change was made since this run read the Kafka configuration: ${before ? describe(before) : 'a version'} was saved just before this run's version ${written}, which was built on the older configuration and replaced it. ${stop}`,
    {
      hint:
        `Compare versions ${before?.version ?? '?'} and ${written} in Ambari (KAFKA > Configs, version history). To keep the other change, ` +
        `make version ${before?.version ?? '?'} current again there, then run the same command again; to keep this one, just run the same command again.`,
      details: { concurrentVersion: before?.version ?? null, writtenVersion: written },
    },
  );
}
