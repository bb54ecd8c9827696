// What a Kafka broker runs with after Ambari's agent starts it, and whether it starts at all.
// The agent (apache/ambari ambari-server/src/main/resources/common-services/KAFKA/0.8.1/package/scripts/
// kafka.py, kafka_broker.py) on every start:
//   1. writes server.properties from kafka-broker, with `localhost` in listeners replaced by the FQDN;
//   2. renders the kafka-env template (`content`, Jinja) into kafka-env.sh;
//   3. runs `source kafka-env.sh ; kafka start` - so a snippet in the template edits server.properties
//      just before Kafka reads it.
// The simulator does exactly that: it renders the template, then runs it with bash against a scratch
// copy of server.properties, with a `hostname` that answers for the simulated host. What the snippet
// really does decides what the broker advertises; nothing here knows what kafka-aks writes.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTemplate, TemplateError } from './jinja.js';
import type { Properties } from './stock-configs.js';

/** Where HDInsight's brokers read their configuration (the path the documented snippet edits). */
export const SERVER_PROPERTIES_PATH = '/usr/hdp/current/kafka-broker/conf/server.properties';

export interface BrokerStart {
  /** server.properties as the broker read it, key → value. */
  serverProperties: Properties;
  /** Why Kafka refused to start, as it would log it; undefined when it started. */
  error: string | undefined;
}

export interface BrokerHostFacts {
  fqdn: string;
  ip: string;
}

/** Jinja parameters Ambari passes to the kafka-env template on a cluster without Kerberos. */
const TEMPLATE_PARAMS = {
  java64_home: '/usr/lib/jvm/java-8-openjdk-amd64',
  kafka_pid_dir: '/var/run/kafka',
  kafka_log_dir: '/var/log/kafka',
  kafka_kerberos_params: '',
  kerberos_security_enabled: false,
  kafka_other_sasl_enabled: false,
};

export function startBroker(host: BrokerHostFacts, kafkaBroker: Properties, kafkaEnvContent: string): BrokerStart {
  const initial: Properties = { ...kafkaBroker };
  if (initial.listeners) initial.listeners = initial.listeners.replace(/localhost/g, host.fqdn);

  let script: string;
  try {
    script = renderTemplate(kafkaEnvContent, TEMPLATE_PARAMS);
  } catch (error) {
    if (error instanceof TemplateError) {
      return { serverProperties: initial, error: `Failed to render kafka-env.sh: jinja2.exceptions.${error.message}` };
    }
    throw error;
  }

  const dir = mkdtempSync(join(tmpdir(), 'ambari-sim-broker-'));
  try {
    const propertiesFile = join(dir, 'server.properties');
    writeFileSync(propertiesFile, `${Object.entries(initial).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    const fakeHostname = join(dir, 'hostname');
    writeFileSync(
      fakeHostname,
      `#!/bin/sh\ncase "$1" in -i|-I) echo "${host.ip}";; -f) echo "${host.fqdn}";; *) echo "${host.fqdn.split('.')[0]}";; esac\n`,
    );
    chmodSync(fakeHostname, 0o755);
    const result = spawnSync('bash', ['-c', script.split(SERVER_PROPERTIES_PATH).join(propertiesFile)], {
      env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir },
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (result.error) throw result.error;
    const serverProperties = parseProperties(readFileSync(propertiesFile, 'utf8'));
    if (result.status !== 0) {
      return { serverProperties, error: `kafka-env.sh exited ${result.status}: ${result.stderr.trim()}` };
    }
    return { serverProperties, error: kafkaRefusal(serverProperties) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseProperties(text: string): Properties {
  const properties: Properties = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([^#=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (match) properties[match[1]!] = match[2]!;
  }
  return properties;
}

/**
 * The checks Kafka makes of its listeners at start-up (apache/kafka KafkaConfig.scala, validateValues):
 * advertised listeners default to the listeners; none may use 0.0.0.0; their names must be among the
 * listeners' names (the HDInsight 4.0 ESP breakage, MicrosoftDocs/azure-docs#75519).
 */
function kafkaRefusal(properties: Properties): string | undefined {
  const listeners = listenerNames(properties.listeners ?? '');
  const advertised = properties['advertised.listeners'] ?? properties.listeners ?? '';
  if (/:\/\/0\.0\.0\.0:/.test(advertised)) {
    return 'java.lang.IllegalArgumentException: requirement failed: advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.';
  }
  const unknown = listenerNames(advertised).filter((name) => !listeners.includes(name));
  if (unknown.length > 0) {
    return `java.lang.IllegalArgumentException: requirement failed: advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. Found ${unknown.join(',')}. The valid options based on the current configuration are ${listeners.join(',')}`;
  }
  return undefined;
}

function listenerNames(value: string): string[] {
  return value
    .split(',')
    .map((listener) => listener.trim().split('://')[0]!)
    .filter(Boolean);
}
