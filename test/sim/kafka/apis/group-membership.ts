// The consumer group membership APIs, answered by the group's coordinator (groups/consumer-group.ts
// holds the protocol). Request and response fields per apache/kafka JoinGroup*, SyncGroup*,
// Heartbeat*, LeaveGroup* .json and kafkajs src/protocol/requests/{joinGroup,syncGroup,heartbeat,leaveGroup}:
//   JoinGroup v0-v5: group_id, session_timeout_ms, rebalance_timeout_ms (v1+), member_id,
//     group_instance_id (v5+), protocol_type, protocols[name, metadata] -> throttle (v2+), error_code,
//     generation_id, protocol_name, leader, member_id, members[member_id, group_instance_id (v5+), metadata]
//   SyncGroup v0-v3: group_id, generation_id, member_id, group_instance_id (v3+), assignments[member_id,
//     assignment] -> throttle (v1+), error_code, assignment
//   Heartbeat v0-v3: group_id, generation_id, member_id, group_instance_id (v3+) -> throttle (v1+), error_code
//   LeaveGroup v0-v2: group_id, member_id -> throttle (v1+), error_code
import type { JoinResult } from '../groups/consumer-group.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ApiHandler, RequestContext } from '../request-context.js';

/** group.min.session.timeout.ms and group.max.session.timeout.ms: Kafka 2.3's defaults. */
const MIN_SESSION_TIMEOUT_MS = 6_000;
const MAX_SESSION_TIMEOUT_MS = 1_800_000;

export const joinGroup: ApiHandler = async (ctx, body) => {
  const v = ctx.version;
  const groupId = body.string();
  const sessionTimeoutMs = body.int32();
  const rebalanceTimeoutMs = v >= 1 ? body.int32() : sessionTimeoutMs;
  const memberId = body.string();
  const groupInstanceId = v >= 5 ? body.nullableString() : null;
  const protocolType = body.string();
  const protocols = body.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));

  const write = (errorCode: number, result?: JoinResult) => {
    const out = new ByteWriter();
    if (v >= 2) out.int32(0);
    out
      .int16(result?.errorCode ?? errorCode)
      .int32(result?.generationId ?? -1)
      .string(result?.protocolName ?? '')
      .string(result?.leaderId ?? '')
      .string(result?.memberId ?? memberId);
    return out.array(result?.members ?? [], (w, m) => {
      w.string(m.memberId);
      if (v >= 5) w.nullableString(m.groupInstanceId);
      w.bytes(m.metadata);
    });
  };

  const coordinatorError = checkCoordinator(ctx, groupId);
  if (coordinatorError !== ErrorCode.NONE) return write(coordinatorError);
  if (sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS) {
    return write(ErrorCode.INVALID_SESSION_TIMEOUT);
  }
  const existing = ctx.groups.get(groupId);
  if (!existing && memberId !== '') return write(ErrorCode.UNKNOWN_MEMBER_ID);
  const group = existing ?? ctx.groups.getOrCreate(groupId);
  const result = await group.join({
    memberId,
    groupInstanceId,
    clientId: ctx.clientId ?? '',
    clientHost: ctx.clientHost,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    protocolType,
    protocols,
    requireKnownMemberId: v >= 4,
  });
  return write(result.errorCode, result);
};

export const syncGroup: ApiHandler = async (ctx, body) => {
  const v = ctx.version;
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (v >= 3) body.nullableString();
  const assignments = new Map(body.array((r) => [r.string(), Buffer.from(r.bytes())] as const));
  const write = (errorCode: number, assignment: Buffer) => {
    const out = new ByteWriter();
    if (v >= 1) out.int32(0);
    return out.int16(errorCode).bytes(assignment);
  };
  const coordinatorError = checkCoordinator(ctx, groupId);
  if (coordinatorError !== ErrorCode.NONE) return write(coordinatorError, Buffer.alloc(0));
  const group = ctx.groups.get(groupId);
  if (!group) return write(ErrorCode.UNKNOWN_MEMBER_ID, Buffer.alloc(0));
  const result = await group.sync(memberId, generationId, assignments);
  return write(result.errorCode, result.assignment);
};

export const heartbeat: ApiHandler = (ctx, body) => {
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (ctx.version >= 3) body.nullableString();
  let errorCode = checkCoordinator(ctx, groupId);
  if (errorCode === ErrorCode.NONE) errorCode = ctx.groups.get(groupId)?.heartbeat(memberId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  return errorOnly(ctx.version, errorCode);
};

export const leaveGroup: ApiHandler = (ctx, body) => {
  const groupId = body.string();
  const memberId = body.string();
  let errorCode = checkCoordinator(ctx, groupId);
  if (errorCode === ErrorCode.NONE) errorCode = ctx.groups.get(groupId)?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  return errorOnly(ctx.version, errorCode);
};

function errorOnly(version: number, errorCode: number): ByteWriter {
  const out = new ByteWriter();
  if (version >= 1) out.int32(0);
  return out.int16(errorCode);
}

/** A group request that reaches a broker other than the group's coordinator gets NOT_COORDINATOR. */
export function checkCoordinator(ctx: RequestContext, groupId: string): number {
  const coordinator = ctx.groups.coordinatorFor(groupId);
  if (coordinator === -1) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  return coordinator === ctx.brokerId ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR;
}
