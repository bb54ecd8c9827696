// The route table: which Ambari resource answers which method and path. Handlers get the parsed
// request and the matched cluster and return a status and a body (or throw AmbariHttpError).
import type { SimClock } from '../clock.js';
import type { SimCluster } from './model.js';
import { notFound, type RequestBodyItem } from './http.js';
import { checkFields, render, type JsonValue, type ParsedQuery, type Resource } from './query.js';

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

/** A collection GET: the predicate filters (nothing matching is 200 with empty items), fields select. */
export function collection(href: string, resources: Resource[], query: ParsedQuery): RouteAnswer {
  if (query.fields && resources[0]) checkFields(resources[0], query.fields);
  const items = resources.filter((r) => !query.predicate || query.predicate(r)).map((r) => render(r, query.fields, false));
  return { status: 200, body: { href, items } };
}

/** A single resource GET: a missing one is a 404; without fields, every property. */
export function single(resource: Resource | undefined, missing: string, query: ParsedQuery): RouteAnswer {
  if (!resource) throw notFound(missing);
  if (query.fields) checkFields(resource, query.fields);
  return { status: 200, body: render(resource, query.fields, true) };
}
