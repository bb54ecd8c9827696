// An HDInsight Kafka cluster (Ambari and Kafka in step, ../sim/hdinsight-kafka.ts) with the flags and
// login that point the CLI at its Ambari directly, without ARM: what configure-advertising's rolling
// restart tests need. The whole AKS + HDInsight environment is ../sim/world.ts.
import { startHdinsightKafka, type HdinsightKafka } from '../sim/hdinsight-kafka.js';

export interface LinkedClusters extends HdinsightKafka {
  /** --cluster and --ambari-url for the CLI. */
  args: string[];
  env: Record<string, string>;
}

export async function startLinkedClusters(workers = 3): Promise<LinkedClusters> {
  const linked = await startHdinsightKafka({ workers });
  return {
    ...linked,
    args: ['--cluster', linked.ambari.cluster().name, '--ambari-url', linked.ambari.url],
    env: { AMBARI_PASSWORD: linked.ambari.password },
  };
}
