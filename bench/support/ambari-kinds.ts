// What each request the Ambari simulator logged was for, in the runbook's terms (MicrosoftDocs/azure-docs
// articles/hdinsight/kafka/apache-kafka-azure-container-services.md), so
// a count that grows can be traced to the kind of call that grew.
import type { LoggedRequest } from '../../test/sim/ambari/server.js';

export const AMBARI_KINDS = ['reads', 'config writes', 'maintenance', 'restart POSTs', 'request polls', 'other'] as const;
export type AmbariKind = (typeof AMBARI_KINDS)[number];

type Logged = Pick<LoggedRequest, 'method' | 'path' | 'body'>;

export function ambariKind(request: Logged): AmbariKind {
  const { method, path, body } = request;
  // Following one request (GET .../requests/41) is a poll; listing requests (GET .../requests) is a read.
  if (method === 'GET' && /\/requests\/\d+$/.test(path)) return 'request polls';
  if (method === 'GET') return 'reads';
  // A config write is a PUT on the cluster itself with desired_config (MicrosoftDocs/azure-docs
  // articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md, "Example: Update configuration").
  if (method === 'PUT' && /^\/api\/v1\/clusters\/[^/]+$/.test(path)) return 'config writes';
  // Maintenance mode (same article, "Restart a service component") is a PUT with maintenance_state (on
  // the service, a component or a host component); a PUT on the same paths that starts or stops
  // something is not.
  if (method === 'PUT' && body.includes('maintenance_state')) return 'maintenance';
  if (method === 'POST' && /\/requests$/.test(path)) return 'restart POSTs';
  return 'other';
}

export function countByKind(log: Logged[]): Record<AmbariKind, number> {
  const counts = Object.fromEntries(AMBARI_KINDS.map((kind) => [kind, 0])) as Record<AmbariKind, number>;
  for (const request of log) counts[ambariKind(request)] += 1;
  return counts;
}
