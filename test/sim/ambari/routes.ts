// The route table: which Ambari resource answers which method and path. Handlers get the parsed
// request and the matched cluster and return a status and a body (or throw AmbariHttpError).
import type { SimClock } from '../clock.js';
import type { SimCluster } from './model.js';
import { notFound, type RequestBodyItem } from './http.js';
import type { JsonValue, ParsedQuery } from './query.js';

export interface RouteRequest {
  method: string;
  params: string[];
  query: ParsedQuery;
  /** The raw query string, for routes whose parameters are not predicates. */
  rawQuery: string;
  body: RequestBodyItem[];
  user: string;
  clock: SimClock;
}

export interface RouteAnswer {
  status: number;
  body?: JsonValue;
}

export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Matched against the path after /api/v1; capture groups become `params`. */
  path: RegExp;
  handle(request: RouteRequest, clusters: Map<string, SimCluster>): RouteAnswer;
}

/** Ambari's cluster names are case-sensitive in paths: `MyKafka` is not `mykafka`. */
export function clusterNamed(clusters: Map<string, SimCluster>, name: string): SimCluster {
  const cluster = clusters.get(name);
  if (!cluster) throw notFound(`Cluster not found, clusterName=${name}`);
  return cluster;
}
