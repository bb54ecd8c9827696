// Runbook step 5 from where the workloads run: the smoke test as a pod inside the AKS cluster, through
// the AKS run command, judged and reported as the local test is (aks/pod-smoke-verdict.ts). Shared by
// `smoke-test --in-aks`, `up` and `status`. The pod's kcat cannot create topics; a missing topic is
// created from here when the brokers are reachable from here, else the error says how to create it.
import { openAksCommandRunner, type AksClusterRef } from '../../azure/run-command.js';
import type { AzureClients } from '../../azure/clients.js';
import { runSmokePod } from '../../aks/pod-smoke.js';
import { judgePodSmoke, type PodJudgement } from '../../aks/pod-smoke-verdict.js';
import { sshHostFor, type Cloud } from '../../clouds.js';
import type { Progress } from '../../context.js';
import { operationFailed } from '../../errors.js';
import { formatServer, type ServerAddress } from '../../kafka/bootstrap.js';
import { createTopicFromHere } from '../../kafka/create-topic.js';
import { RECORD_BYTES } from './smoke.js';

export interface InAksSmokeOptions {
  aks: AksClusterRef;
  namespace: string;
  image: string;
  servers: ServerAddress[];
  topic: string;
  messages: number;
  /** For a topic this run creates. */
  partitions: number;
  replicationFactor: number | undefined;
  timeoutMs: number;
  /** The HDInsight cluster, for hints, when known. */
  clusterName: string | undefined;
  /** `kafka-aks status ...` with the operator's flags: the checks that explain an unreachable broker. */
  statusCommand: string;
  cloud: Cloud;
  signal: AbortSignal;
  progress: Progress;
}

/** Creating the topic from here gets this long: a reachable cluster answers in well under it. */
const CREATE_TOPIC_MS = 15_000;

export async function runSmokeInAks(clients: AzureClients, options: InAksSmokeOptions): Promise<PodJudgement> {
  const { progress } = options;
  progress.begin(`Reading AKS cluster ${options.aks.name}`);
  const runner = await openAksCommandRunner(clients, options.aks, options.cloud.aksServerScope);
  progress.succeed(`AKS cluster ${options.aks.name} is running`);
  const pod = () =>
    runSmokePod(runner, {
      servers: options.servers,
      topic: options.topic,
      messages: options.messages,
      recordBytes: RECORD_BYTES,
      namespace: options.namespace,
      image: options.image,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      progress,
    });
  const judgeContext = {
    servers: options.servers,
    topic: options.topic,
    messages: options.messages,
    recordBytes: RECORD_BYTES,
    aks: options.aks,
    clusterName: options.clusterName,
    statusCommand: options.statusCommand,
  };
  const first = judgePodSmoke(await pod(), { ...judgeContext, topicCreated: false });
  if (first !== 'topic-missing') return first;

  progress.begin(`Topic ${options.topic} does not exist; creating it from here (the pod's kcat cannot create topics)`);
  const creation = await createTopicFromHere(options.servers, {
    topic: options.topic,
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
    timeoutMs: Math.min(CREATE_TOPIC_MS, options.timeoutMs),
    signal: options.signal,
    progress,
  });
  if (!creation.created) {
    progress.fail(`Could not create topic ${options.topic} from here`);
    throw operationFailed(
      `Topic ${options.topic} does not exist, the brokers do not create topics on first use (HDInsight's default), ` +
        `and it could not be created from here either (${creation.why}).`,
      {
        hint:
          `Create it once on the cluster: ssh sshuser@${sshHostFor(options.clusterName ?? '<cluster>', options.cloud)} ` +
          `/usr/hdp/current/kafka-broker/bin/kafka-topics.sh --create --topic ${options.topic} --partitions ${options.partitions} ` +
          `--replication-factor 3 --bootstrap-server ${formatServer(options.servers[0]!)}; or pass --topic with one that exists.`,
      },
    );
  }
  progress.succeed(`Created topic ${options.topic} (${options.partitions} partitions, replication factor ${creation.replicationFactor})`);
  const second = judgePodSmoke(await pod(), { ...judgeContext, topicCreated: true });
  if (second === 'topic-missing') {
    throw operationFailed(`Topic ${options.topic} was created from here, but the pod still does not see it.`, {
      hint: 'Metadata can lag right after creation on a busy cluster: run the same command again.',
    });
  }
  return second;
}
