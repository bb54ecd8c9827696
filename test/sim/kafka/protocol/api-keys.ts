// The APIs the simulated brokers implement and the versions they advertise in ApiVersions.
//
// HDInsight 5.1 runs Kafka 3.2.0, so the maximum versions are Kafka 3.2's for every API a client uses to
// produce, consume in a group and create topics, flexible versions (KIP-482) included. DescribeGroups,
// DeleteTopics and DeleteGroups stop at Kafka 2.3's maxima, before their flexible versions: the
// simulator has not learnt those yet, and a client takes the highest version both sides speak. The
// minimum is raised where an old version needs the pre-0.11 message formats: Produce v3+ and Fetch v4+
// carry only record batches (magic 2), which is what kafkajs 2.2.4, librdkafka 2.0 and
// @platformatic/kafka send and expect; advertising a raised minimum is what Kafka itself does since 4.0
// (KIP-896). Version history and "flexibleVersions" per API: apache/kafka
// clients/src/main/resources/common/message/<Api>Request.json (the validVersions comments, at tag
// 3.2.0 for the maxima); kafkajs's versions: tulios/kafkajs src/protocol/requests/<api>/index.js.
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
  /** The first flexible version ("flexibleVersions" in the API's .json), whether we offer it or not. */
  flexibleFrom: number;
}

export const supportedVersions: Record<ApiName, VersionRange> = {
  Produce: { min: 3, max: 9, flexibleFrom: 9 },
  Fetch: { min: 4, max: 13, flexibleFrom: 12 },
  ListOffsets: { min: 1, max: 7, flexibleFrom: 6 },
  Metadata: { min: 0, max: 12, flexibleFrom: 9 },
  OffsetCommit: { min: 2, max: 8, flexibleFrom: 8 },
  OffsetFetch: { min: 1, max: 8, flexibleFrom: 6 },
  FindCoordinator: { min: 0, max: 4, flexibleFrom: 3 },
  JoinGroup: { min: 0, max: 9, flexibleFrom: 6 },
  Heartbeat: { min: 0, max: 4, flexibleFrom: 4 },
  LeaveGroup: { min: 0, max: 5, flexibleFrom: 4 },
  SyncGroup: { min: 0, max: 5, flexibleFrom: 4 },
  DescribeGroups: { min: 0, max: 3, flexibleFrom: 5 },
  ApiVersions: { min: 0, max: 3, flexibleFrom: 3 },
  CreateTopics: { min: 0, max: 7, flexibleFrom: 5 },
  DeleteTopics: { min: 0, max: 3, flexibleFrom: 4 },
  DeleteGroups: { min: 0, max: 1, flexibleFrom: 2 },
};

const nameByKey = new Map<number, ApiName>(
  (Object.entries(ApiKey) as [ApiName, number][]).map(([name, key]) => [key, name]),
);

export function apiName(key: number): ApiName | undefined {
  return nameByKey.get(key);
}

/**
 * Whether a request of this version is flexible: its header is v2 and its body compact. Kafka decides
 * it per API and version alone (ApiMessageType.requestHeaderVersion), so it holds for a version newer
 * than we offer too, such as the ApiVersions a newer client opens with.
 */
export function isFlexible(api: ApiName, version: number): boolean {
  return version >= supportedVersions[api].flexibleFrom;
}
