// The consumer group membership APIs, answered by the group's coordinator (groups/consumer-group.ts
// holds the protocol). Request and response fields per apache/kafka JoinGroup*, SyncGroup*,
// Heartbeat*, LeaveGroup* .json and kafkajs src/protocol/requests/{joinGroup,syncGroup,heartbeat,leaveGroup}:
//   JoinGroup v0-v9: group_id, session_timeout_ms, rebalance_timeout_ms (v1+), member_id,
//     group_instance_id (v5+), protocol_type, protocols[name, metadata], reason (v8+) -> throttle (v2+),
//     error_code, generation_id, protocol_type (v7+, nullable), protocol_name (nullable v7+), leader,
//     skip_assignment (v9+), member_id, members[member_id, group_instance_id (v5+), metadata]; v6+ flexible
//   SyncGroup v0-v5: group_id, generation_id, member_id, group_instance_id (v3+), protocol_type and
//     protocol_name (v5+, nullable), assignments[member_id, assignment] -> throttle (v1+), error_code,
//     protocol_type and protocol_name (v5+, nullable), assignment; v4+ flexible
//   Heartbeat v0-v4: group_id, generation_id, member_id, group_instance_id (v3+) -> throttle (v1+),
//     error_code; v4+ flexible
//   LeaveGroup v0-v2: group_id, member_id -> throttle (v1+), error_code; v3+ (KIP-345) takes a batch:
//     group_id, members[member_id, group_instance_id, reason (v5+)] -> throttle, error_code,
//     members[member_id, group_instance_id, error_code]; v4+ flexible
import { syncError, type JoinResult, type SyncResult } from '../groups/consumer-group.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { ByteWriter } from '../protocol/writer.js';
import { writerFor, type ApiHandler, type RequestContext } from '../request-context.js';

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
  const protocols = body.array((r) => {
    const protocol = { name: r.string(), metadata: Buffer.from(r.bytes()) };
    r.taggedFields();
    return protocol;
  });

  const write = (errorCode: number, result?: JoinResult) => {
    const out = writerFor(ctx);
    if (v >= 2) out.int32(0);
    out.int16(result?.errorCode ?? errorCode).int32(result?.generationId ?? -1);
    // Before v7 "no protocol" is an empty name (KafkaApis.handleJoinGroupRequest).
    if (v >= 7) out.nullableString(result?.protocolType ?? null).nullableString(result?.protocolName ?? null);
    else out.string(result?.protocolName ?? '');
    out.string(result?.leaderId ?? '');
    // skip_assignment is for a static leader rejoining a stable group (KIP-814); static members here
    // rejoin as dynamic ones do, so it is never set.
    if (v >= 9) out.bool(false);
    out.string(result?.memberId ?? memberId);
    return out
      .array(result?.members ?? [], (w, m) => {
        w.string(m.memberId);
        if (v >= 5) w.nullableString(m.groupInstanceId);
        w.bytes(m.metadata).taggedFields();
      })
      .taggedFields();
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
  const expected = v >= 5 ? { type: body.nullableString(), name: body.nullableString() } : { type: null, name: null };
  const assignments = new Map(
    body.array((r) => {
      const assignment = [r.string(), Buffer.from(r.bytes())] as const;
      r.taggedFields();
      return assignment;
    }),
  );
  const write = (result: SyncResult) => {
    const out = writerFor(ctx);
    if (v >= 1) out.int32(0);
    out.int16(result.errorCode);
    if (v >= 5) out.nullableString(result.protocolType).nullableString(result.protocolName);
    return out.bytes(result.assignment).taggedFields();
  };
  const coordinatorError = checkCoordinator(ctx, groupId);
  if (coordinatorError !== ErrorCode.NONE) return write(syncError(coordinatorError));
  const group = ctx.groups.get(groupId);
  if (!group) return write(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
  return write(await group.sync(memberId, generationId, assignments, expected));
};

export const heartbeat: ApiHandler = (ctx, body) => {
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (ctx.version >= 3) body.nullableString();
  let errorCode = checkCoordinator(ctx, groupId);
  if (errorCode === ErrorCode.NONE) errorCode = ctx.groups.get(groupId)?.heartbeat(memberId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  return errorOnly(ctx, errorCode);
};

export const leaveGroup: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  const groupId = body.string();
  const coordinatorError = checkCoordinator(ctx, groupId);
  const leave = (memberId: string) => ctx.groups.get(groupId)?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  if (v <= 2) {
    const memberId = body.string();
    return errorOnly(ctx, coordinatorError === ErrorCode.NONE ? leave(memberId) : coordinatorError);
  }
  const members = body.array((r) => {
    const member = { memberId: r.string(), groupInstanceId: r.nullableString() };
    if (v >= 5) r.nullableString();
    r.taggedFields();
    return member;
  });
  // A coordinator error answers the whole request; a member that cannot leave, only itself
  // (GroupCoordinator.handleLeaveGroup).
  const out = writerFor(ctx).int32(0).int16(coordinatorError);
  const answered = coordinatorError === ErrorCode.NONE ? members : [];
  return out
    .array(answered, (w, member) => {
      w.string(member.memberId).nullableString(member.groupInstanceId).int16(leave(member.memberId)).taggedFields();
    })
    .taggedFields();
};

function errorOnly(ctx: RequestContext, errorCode: number): ByteWriter {
  const out = writerFor(ctx);
  if (ctx.version >= 1) out.int32(0);
  return out.int16(errorCode).taggedFields();
}

/** A group request that reaches a broker other than the group's coordinator gets NOT_COORDINATOR. */
export function checkCoordinator(ctx: RequestContext, groupId: string): number {
  const coordinator = ctx.groups.coordinatorFor(groupId);
  if (coordinator === -1) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  return coordinator === ctx.brokerId ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR;
}
