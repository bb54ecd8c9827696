// Where groups live and which broker coordinates each: the leader of the __consumer_offsets partition
// Utils.abs(groupId.hashCode) % offsets.topic.num.partitions (Kafka's GroupMetadataManager.partitionFor),
// so groups spread over brokers and move when that partition's leader fails over.
import { OFFSETS_TOPIC_PARTITIONS, type ClusterState } from '../cluster-state.js';
import { ConsumerGroup } from './consumer-group.js';

export class GroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly initialRebalanceDelayMs: number,
  ) {}

  /** The broker coordinating `groupId`, or -1 when its offsets partition has no leader. */
  coordinatorFor(groupId: string): number {
    const partition = this.cluster.offsetsTopic().partitions[offsetsPartitionFor(groupId)]!;
    return partition.leader;
  }

  isCoordinator(brokerId: number, groupId: string): boolean {
    return this.coordinatorFor(groupId) === brokerId;
  }

  get(groupId: string): ConsumerGroup | undefined {
    return this.groups.get(groupId);
  }

  getOrCreate(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId, this.initialRebalanceDelayMs);
      this.groups.set(groupId, group);
    }
    return group;
  }

  delete(groupId: string): void {
    this.groups.get(groupId)?.close();
    this.groups.delete(groupId);
  }

  list(): ConsumerGroup[] {
    return [...this.groups.values()];
  }

  close(): void {
    for (const group of this.groups.values()) group.close();
    this.groups.clear();
  }
}

/** Java's String.hashCode, then Kafka's Utils.abs (n & 0x7fffffff), mod the partition count. */
export function offsetsPartitionFor(groupId: string): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i += 1) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  return (hash & 0x7fffffff) % OFFSETS_TOPIC_PARTITIONS;
}
