// One HDInsight cluster as Ambari sees it. The cluster name in API paths is case-sensitive while the
// DNS name is not (MicrosoftDocs/azure-docs articles/hdinsight/hdinsight-hadoop-manage-ambari-rest-api.md
// learns the right case from GET /api/v1/clusters), so an operator who types `--cluster MyKafka` for a
// cluster Ambari calls `mykafka` still gets there. The right name is looked up only when Ambari says
// "Cluster not found": the usual path costs no extra request.
import { isKafkaAksError, notFoundError } from '../errors.js';
import type { AmbariClient, Query } from './client.js';
import { itemsOf, objectAt, stringAt, type Json } from './json.js';

export class AmbariCluster {
  /** The name lookup, once started: calls made at the same time share it (and its error). */
  private resolving: Promise<void> | undefined;

  constructor(
    readonly client: AmbariClient,
    private clusterName: string,
  ) {}

  /** The name as Ambari spells it (after the first call that needed resolving it). */
  get name(): string {
    return this.clusterName;
  }

  /** The same cluster through a client that Ctrl-C does not abort (see AmbariClient.detached). */
  detached(): AmbariCluster {
    const copy = new AmbariCluster(this.client.detached(), this.clusterName);
    copy.resolving = this.resolving;
    return copy;
  }

  get(path: string, query?: Query): Promise<Json | undefined> {
    return this.withClusterName((base) => this.client.get(`${base}${path}`, query));
  }

  put(path: string, body: unknown): Promise<Json | undefined> {
    return this.withClusterName((base) => this.client.put(`${base}${path}`, body));
  }

  post(path: string, body: unknown): Promise<Json | undefined> {
    return this.withClusterName((base) => this.client.post(`${base}${path}`, body));
  }

  private async withClusterName<T>(call: (base: string) => Promise<T>): Promise<T> {
    const failedBase = this.basePath();
    try {
      return await call(failedBase);
    } catch (error) {
      if (!isClusterNotFound(error)) throw error;
      // Nothing was done: Ambari rejected the path before acting. Learn the right name and try once more.
      this.resolving ??= this.resolveName();
      await this.resolving;
      // The lookup found no better spelling (or this call already used it): Ambari's answer stands.
      if (this.basePath() === failedBase) throw error;
      return call(this.basePath());
    }
  }

  private basePath(): string {
    return `/api/v1/clusters/${encodeURIComponent(this.clusterName)}`;
  }

  private async resolveName(): Promise<void> {
    const listing = await this.client.get('/api/v1/clusters');
    const names = itemsOf(listing, 'GET /api/v1/clusters').map((item) =>
      stringAt(objectAt(item, 'Clusters', 'GET /api/v1/clusters'), 'cluster_name', 'GET /api/v1/clusters'),
    );
    const match = names.find((name) => name.toLowerCase() === this.clusterName.toLowerCase());
    if (!match) {
      throw notFoundError(`Ambari at ${this.client.baseUrl} has no cluster named "${this.clusterName}".`, {
        hint:
          names.length > 0
            ? `Clusters there: ${names.join(', ')}. Check --cluster (and --ambari-url).`
            : 'Check --cluster and --ambari-url.',
        details: { cluster: this.clusterName, clustersFound: names },
      });
    }
    this.clusterName = match;
  }
}

function isClusterNotFound(error: unknown): boolean {
  return isKafkaAksError(error) && error.kind === 'not-found' && /Cluster not found/i.test(error.message);
}
