// The check every partition request (Produce, Fetch, ListOffsets) starts with: the partition exists,
// this broker leads it, and the client's leader epoch (KIP-320) is the current one. A broker that does
// not lead the partition answers NOT_LEADER_FOR_PARTITION, and the client refreshes its metadata
// (ReplicaManager.getPartitionOrError in Kafka 2.3).
import type { PartitionState } from '../cluster-state.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { RequestContext } from '../request-context.js';

export type LeaderCheck = { errorCode: 0; partition: PartitionState } | { errorCode: number; partition: undefined };

export function leaderCheck(ctx: RequestContext, topic: string, index: number, currentLeaderEpoch = -1): LeaderCheck {
  const partition = ctx.cluster.partition(topic, index);
  if (!partition) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition: undefined };
  if (partition.leader !== ctx.brokerId) return { errorCode: ErrorCode.NOT_LEADER_FOR_PARTITION, partition: undefined };
  if (currentLeaderEpoch !== -1 && currentLeaderEpoch < partition.leaderEpoch) {
    return { errorCode: ErrorCode.FENCED_LEADER_EPOCH, partition: undefined };
  }
  if (currentLeaderEpoch > partition.leaderEpoch) return { errorCode: ErrorCode.UNKNOWN_LEADER_EPOCH, partition: undefined };
  return { errorCode: ErrorCode.NONE, partition };
}
