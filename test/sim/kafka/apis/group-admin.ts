// DescribeGroups (key 15, v0-v3) and DeleteGroups (key 42, v0-v1): apache/kafka DescribeGroupsResponse.json
// and DeleteGroupsResponse.json; kafkajs src/protocol/requests/describeGroups/v0..v2, deleteGroups/v0..v1.
//   DescribeGroups: groups[], include_authorized_operations (v3+) -> throttle (v1+), groups[error_code,
//     group_id, group_state, protocol_type, protocol_data, members[member_id, client_id, client_host,
//     member_metadata, member_assignment], authorized_operations (v3+)]
//   DeleteGroups: groups_names[] -> throttle, results[group_id, error_code]
// As Kafka's GroupCoordinator: an unknown group is described as "Dead" without error; member metadata
// and assignments are shown only when the group is Stable; only an Empty group can be deleted.
import { ErrorCode } from '../protocol/error-codes.js';
import { writerFor, type ApiHandler } from '../request-context.js';
import { checkCoordinator } from './group-membership.js';

const OPERATIONS_NOT_REQUESTED = -2147483648;
const EMPTY = Buffer.alloc(0);

export const describeGroups: ApiHandler = (ctx, body) => {
  const v = ctx.version;
  const groupIds = body.array((r) => r.string());
  if (v >= 3) body.bool();
  const out = writerFor(ctx);
  if (v >= 1) out.int32(0);
  return out.array(groupIds, (w, groupId) => {
    const errorCode = checkCoordinator(ctx, groupId);
    const group = errorCode === ErrorCode.NONE ? ctx.groups.get(groupId) : undefined;
    const stable = group?.state === 'Stable';
    w.int16(errorCode).string(groupId).string(group?.state ?? 'Dead').string(group?.protocolType ?? '');
    w.string(stable ? (group.protocolName ?? '') : '');
    w.array(group ? [...group.members.values()] : [], (mw, member) => {
      mw.string(member.memberId).string(member.clientId).string(member.clientHost);
      const metadata = member.protocols.find((p) => p.name === group?.protocolName)?.metadata ?? EMPTY;
      mw.bytes(stable ? metadata : EMPTY).bytes(stable ? member.assignment : EMPTY);
    });
    if (v >= 3) w.int32(OPERATIONS_NOT_REQUESTED);
  });
};

export const deleteGroups: ApiHandler = (ctx, body) => {
  const groupIds = body.array((r) => r.string());
  const results = groupIds.map((groupId) => {
    const coordinatorError = checkCoordinator(ctx, groupId);
    if (coordinatorError !== ErrorCode.NONE) return { groupId, errorCode: coordinatorError };
    const group = ctx.groups.get(groupId);
    if (!group) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
    if (group.state !== 'Empty') return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
    ctx.groups.delete(groupId);
    return { groupId, errorCode: ErrorCode.NONE };
  });
  return writerFor(ctx).int32(0).array(results, (w, r) => w.string(r.groupId).int16(r.errorCode));
};
