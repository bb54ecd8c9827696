// Kafka's rule for topic names, as its brokers and clients check it: apache/kafka
// clients/src/main/java/org/apache/kafka/common/internals/Topic.java (detectInvalidTopic): not empty,
// not "." or "..", at most 249 characters (MAX_NAME_LENGTH), only ASCII alphanumerics, '.', '_' and '-'
// (LEGAL_CHARS). Checked as the flag is parsed, so a bad name is refused with the rule instead of
// failing later at topic creation with a hint about partitions and replication.
export const kafkaTopicName = {
  pattern: /^(?!\.\.?$)[A-Za-z0-9._-]{1,249}$/,
  says: "Kafka topic names are 1-249 ASCII letters, digits, '.', '_' and '-', and neither '.' nor '..'.",
};
