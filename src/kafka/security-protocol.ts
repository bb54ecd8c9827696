// The one security protocol kafka-aks's Kafka clients speak: the smoke test from here (kafkajs) and
// the smoke-test pod (kcat) are set up for PLAINTEXT, with no TLS and no SASL. Brokers whose listener is
// SSL, SASL_PLAINTEXT (Enterprise Security Package clusters) or SASL_SSL drop such a client: a TLS
// listener takes its first bytes for a broken handshake, and a SASL listener closes a connection whose
// first request after ApiVersions is not SaslHandshake (Kafka's SaslServerAuthenticator). What is left
// is a timeout or a cut connection that says nothing of why: better to say so before connecting.
import { usageError, type KafkaAksError } from '../errors.js';

const SPOKEN = 'PLAINTEXT';

/** Why the smoke test cannot talk to brokers listening with `protocol` (the listener's name in Ambari), if it cannot. */
export function unspokenProtocol(protocol: string | undefined): KafkaAksError | undefined {
  if (protocol === undefined || protocol.toUpperCase() === SPOKEN) return undefined;
  return usageError(
    `The brokers listen with ${protocol} (kafka-broker listeners in Ambari), and kafka-aks's smoke test speaks ${SPOKEN} only, without TLS or SASL.`,
    { hint: 'Prove the path with a client set up for it; peer, configure-advertising, brokers and status work on this cluster as on any other.' },
  );
}
