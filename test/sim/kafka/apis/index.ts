// Which handler answers which API.
import type { ApiName } from '../protocol/api-keys.js';
import type { ApiHandler } from '../request-context.js';
import { apiVersions } from './api-versions.js';
import { fetch } from './fetch.js';
import { findCoordinator } from './find-coordinator.js';
import { deleteGroups, describeGroups } from './group-admin.js';
import { heartbeat, joinGroup, leaveGroup, syncGroup } from './group-membership.js';
import { listOffsets } from './list-offsets.js';
import { metadata } from './metadata.js';
import { offsetCommit, offsetFetch } from './offsets.js';
import { produce } from './produce.js';
import { createTopics, deleteTopics } from './topics-admin.js';

export const handlers: Record<ApiName, ApiHandler> = {
  Produce: produce,
  Fetch: fetch,
  ListOffsets: listOffsets,
  Metadata: metadata,
  OffsetCommit: offsetCommit,
  OffsetFetch: offsetFetch,
  FindCoordinator: findCoordinator,
  JoinGroup: joinGroup,
  Heartbeat: heartbeat,
  LeaveGroup: leaveGroup,
  SyncGroup: syncGroup,
  DescribeGroups: describeGroups,
  ApiVersions: apiVersions,
  CreateTopics: createTopics,
  DeleteTopics: deleteTopics,
  DeleteGroups: deleteGroups,
};
