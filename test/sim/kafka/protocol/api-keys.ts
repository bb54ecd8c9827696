// The APIs the simulated brokers implement and the versions they advertise in ApiVersions.
//
// The version ranges are those of Apache Kafka 2.3 (the last release before flexible versions, KIP-482,
// so every body here uses the classic encodings), with the minimum raised where an old version needs
// the pre-0.11 message formats: Produce v3+ and Fetch v4+ carry only record batches (magic 2), which
// is what kafkajs 2.2.4 and librdkafka 2.0 send and expect. Advertising a raised minimum is what Kafka
// itself does since 4.0 (KIP-896). Version history per API: the "validVersions" comments of
// apache/kafka clients/src/main/resources/common/message/<Api>Request.json; kafkajs's supported
// versions: tulios/kafkajs src/protocol/requests/<api>/index.js.
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteGroups: 42,
} as const;

export type ApiName = keyof typeof ApiKey;

export interface VersionRange {
  min: number;
  max: number;
}

export const supportedVersions: Record<ApiName, VersionRange> = {
  Produce: { min: 3, max: 7 },
  Fetch: { min: 4, max: 11 },
  ListOffsets: { min: 1, max: 5 },
  Metadata: { min: 0, max: 8 },
  OffsetCommit: { min: 2, max: 7 },
  OffsetFetch: { min: 1, max: 5 },
  FindCoordinator: { min: 0, max: 2 },
  JoinGroup: { min: 0, max: 5 },
  Heartbeat: { min: 0, max: 3 },
  LeaveGroup: { min: 0, max: 2 },
  SyncGroup: { min: 0, max: 3 },
  DescribeGroups: { min: 0, max: 3 },
  ApiVersions: { min: 0, max: 2 },
  CreateTopics: { min: 0, max: 3 },
  DeleteTopics: { min: 0, max: 3 },
  DeleteGroups: { min: 0, max: 1 },
};

const nameByKey = new Map<number, ApiName>(
  (Object.entries(ApiKey) as [ApiName, number][]).map(([name, key]) => [key, name]),
);

export function apiName(key: number): ApiName | undefined {
  return nameByKey.get(key);
}
