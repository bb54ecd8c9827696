// FindCoordinator (key 10), v0-v2: apache/kafka FindCoordinatorRequest.json / Response.json; kafkajs
// src/protocol/requests/findCoordinator/v0..v2. Request: key, key_type (v1+: 0 group, 1 transaction).
// Response v0: error_code, node_id, host, port; v1+: throttle, error_code, error_message, node_id, host, port.
import { ErrorCode } from '../protocol/error-codes.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ApiHandler } from '../request-context.js';

export const findCoordinator: ApiHandler = (ctx, body) => {
  const key = body.string();
  const keyType = ctx.version >= 1 ? body.int8() : 0;
  const coordinatorId = keyType === 0 ? ctx.groups.coordinatorFor(key) : -1;
  const broker = ctx.cluster.brokers.get(coordinatorId);
  const out = new ByteWriter();
  if (ctx.version >= 1) out.int32(0);
  if (!broker || !broker.alive) {
    // Transactions are not simulated; an offsets partition without a leader has no coordinator yet.
    out.int16(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (ctx.version >= 1) out.nullableString('The coordinator is not available.');
    return out.int32(-1).string('').int32(-1);
  }
  out.int16(ErrorCode.NONE);
  if (ctx.version >= 1) out.nullableString(null);
  return out.int32(broker.id).string(broker.advertisedHost).int32(broker.advertisedPort);
};
