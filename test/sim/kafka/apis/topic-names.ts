// Kafka's topic name rule (org.apache.kafka.common.internals.Topic.validate): 1-249 characters of
// [a-zA-Z0-9._-], and neither "." nor "..".
export function isValidTopicName(name: string): boolean {
  return name.length > 0 && name.length <= 249 && name !== '.' && name !== '..' && /^[a-zA-Z0-9._-]+$/.test(name);
}
