// The configuration an HDInsight Kafka cluster starts with, as Ambari serves it: tag INITIAL for
// every type (the examples in MicrosoftDocs/azure-docs
// articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md), listeners on localhost that Ambari's
// agent rewrites to the FQDN (apache/ambari ambari-server/src/main/resources/common-services/
// KAFKA/0.9.0/configuration/kafka-broker.xml), HDInsight's port 9092 (MicrosoftDocs/azure-docs
// articles/hdinsight/kafka/apache-kafka-azure-container-services.md), and the stock kafka-env
// template (KAFKA/0.8.1/configuration/kafka-env.xml).

export type Properties = Record<string, string>;
export type PropertiesAttributes = Record<string, Record<string, string>>;

export interface StockConfig {
  type: string;
  service: string;
  properties: Properties;
  /** Ambari omits the key when the map is empty (ConfigurationResourceProvider). */
  propertiesAttributes?: PropertiesAttributes;
}

/** The stock kafka-env template: a Jinja template Ambari renders into kafka-env.sh at broker start. */
export const stockKafkaEnvContent = `
#!/bin/bash

# Set KAFKA specific environment variables here.

# The java implementation to use.
export JAVA_HOME={{java64_home}}
export PATH=$PATH:$JAVA_HOME/bin
export PID_DIR={{kafka_pid_dir}}
export LOG_DIR={{kafka_log_dir}}
{% if kerberos_security_enabled or kafka_other_sasl_enabled %}
export KAFKA_KERBEROS_PARAMS="-Djavax.security.auth.useSubjectCredsOnly=false {{kafka_kerberos_params}}"
{% else %}
export KAFKA_KERBEROS_PARAMS={{kafka_kerberos_params}}
{% endif %}
# Add kafka sink to classpath and related depenencies
if [ -e "/usr/lib/ambari-metrics-kafka-sink/ambari-metrics-kafka-sink.jar" ]; then
  export CLASSPATH=$CLASSPATH:/usr/lib/ambari-metrics-kafka-sink/ambari-metrics-kafka-sink.jar
  export CLASSPATH=$CLASSPATH:/usr/lib/ambari-metrics-kafka-sink/lib/*
fi
if [ -f /etc/kafka/conf/kafka-ranger-env.sh ]; then
  . /etc/kafka/conf/kafka-ranger-env.sh
fi
`;

export interface StockOptions {
  /** What the cluster listens on; ESP clusters use SASL_PLAINTEXT://localhost:9092. */
  listeners: string;
  zookeeperHosts: string[];
}

export function stockConfigs(options: StockOptions): StockConfig[] {
  const zookeeperConnect = options.zookeeperHosts.map((host) => `${host}:2181`).join(',');
  return [
    {
      type: 'kafka-broker',
      service: 'KAFKA',
      properties: {
        'auto.create.topics.enable': 'false',
        'auto.leader.rebalance.enable': 'true',
        'default.replication.factor': '3',
        'delete.topic.enable': 'true',
        listeners: options.listeners,
        'log.dirs': '/kafkadisks/disk1/kafka-logs,/kafkadisks/disk2/kafka-logs',
        'log.retention.hours': '168',
        'min.insync.replicas': '2',
        'num.network.threads': '3',
        'num.partitions': '8',
        'offsets.topic.replication.factor': '3',
        port: '9092',
        'zookeeper.connect': zookeeperConnect,
        'zookeeper.connection.timeout.ms': '25000',
      },
      propertiesAttributes: {
        final: { 'log.dirs': 'true' },
      },
    },
    {
      type: 'kafka-env',
      service: 'KAFKA',
      properties: {
        content: stockKafkaEnvContent,
        is_supported_kafka_ranger: 'true',
        kafka_keytab: '',
        kafka_log_dir: '/var/log/kafka',
        kafka_pid_dir: '/var/run/kafka',
        kafka_principal_name: '',
        kafka_user: 'kafka',
        kafka_user_nofile_limit: '128000',
        kafka_user_nproc_limit: '65536',
      },
    },
    {
      type: 'kafka-log4j',
      service: 'KAFKA',
      properties: {
        content: 'log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n',
        kafka_log_maxbackupindex: '20',
        kafka_log_maxfilesize: '256',
      },
    },
    {
      type: 'zoo.cfg',
      service: 'ZOOKEEPER',
      properties: {
        autopurge: 'true',
        clientPort: '2181',
        dataDir: '/hadoop/zookeeper',
        initLimit: '10',
        syncLimit: '5',
        tickTime: '2000',
      },
    },
  ];
}
