// FindCoordinator (key 10), v0-v4: apache/kafka FindCoordinatorRequest.json / Response.json; kafkajs
// src/protocol/requests/findCoordinator/v0..v2.
//   Request: key (v0-3), key_type (v1+: 0 group, 1 transaction), coordinator_keys (v4+: a batch, KIP-699)
//   Response v0: error_code, node_id, host, port; v1-3: throttle, error_code, error_message, node_id, host,
//     port; v4+: throttle, coordinators[key, node_id, host, port, error_code, error_message]. v3+ flexible.
import type { ByteWriter } from '../protocol/writer.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';

interface Coordinator {
  key: string;
  errorCode: number;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
}

export const findCoordinator: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  const key = v <= 3 ? body.string() : '';
  const keyType = v >= 1 ? body.int8() : 0;
  const out = writerFor(ctx);
  if (v >= 1) out.int32(0);
  if (v >= 4) {
    const keys = body.array((r) => r.string());
    return out
      .array(keys, (w, each) => {
        const found = coordinatorOf(ctx, each, keyType);
        // v4 answers carry no error message (KafkaApis.handleFindCoordinatorRequestV4AndAbove).
        w.string(found.key);
        writeNode(w, found).int16(found.errorCode).nullableString(null).taggedFields();
      })
      .taggedFields();
  }
  const found = coordinatorOf(ctx, key, keyType);
  out.int16(found.errorCode);
  if (v >= 1) out.nullableString(found.errorMessage);
  return writeNode(out, found).taggedFields();
};

function writeNode(w: ByteWriter, found: Coordinator): ByteWriter {
  return w.int32(found.nodeId).string(found.host).int32(found.port);
}

function coordinatorOf(ctx: RequestContext, key: string, keyType: number): Coordinator {
  const coordinatorId = keyType === 0 ? ctx.groups.coordinatorFor(key) : -1;
  const broker = ctx.cluster.brokers.get(coordinatorId);
  if (!broker || !broker.alive) {
    // Transactions are not simulated; an offsets partition without a leader has no coordinator yet.
    return { key, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: 'The coordinator is not available.', nodeId: -1, host: '', port: -1 };
  }
  return { key, errorCode: ErrorCode.NONE, errorMessage: null, nodeId: broker.id, host: broker.advertisedHost, port: broker.advertisedPort };
}
