// What an API handler is given: the request's header facts and the shared cluster, and what it returns:
// a response body, or nothing (Produce with acks=0 gets no response).
import type { ClusterState } from './cluster-state.js';
import type { GroupCoordinator } from './groups/group-coordinator.js';
import type { FaultKnobs } from './knobs.js';
import type { ByteReader } from './protocol/reader.js';
import { ByteWriter } from './protocol/writer.js';

export interface RequestContext {
  brokerId: number;
  version: number;
  /** The version is flexible (KIP-482): the body reader is set for it; responses use writerFor(ctx). */
  flexible: boolean;
  clientId: string | null;
  clientHost: string;
  cluster: ClusterState;
  groups: GroupCoordinator;
  knobs: FaultKnobs;
  /** Aborted when the connection closes or the broker stops, so a long-polling Fetch stops waiting. */
  signal: AbortSignal;
}

/** A response body writer in the request's encoding. */
export function writerFor(ctx: RequestContext): ByteWriter {
  return new ByteWriter(ctx.flexible);
}

export type ApiHandler = (ctx: RequestContext, body: ByteReader) => Promise<ByteWriter | null> | ByteWriter | null;
