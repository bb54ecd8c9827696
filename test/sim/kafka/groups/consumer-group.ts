// One consumer group's membership protocol, as Kafka's GroupCoordinator runs it (apache/kafka
// core/src/main/scala/kafka/coordinator/group/GroupCoordinator.scala and GroupMetadata.scala, 2.3):
// states Empty -> PreparingRebalance -> CompletingRebalance -> Stable; a join that changes the
// membership starts a rebalance, which completes when every known member has rejoined or the
// rebalance timeout expires; the leader's SyncGroup hands out assignments; members that stop
// heart-beating within the session timeout are removed. KIP-394 (JoinGroup v4+): a member joining
// with an empty id is handed one with MEMBER_ID_REQUIRED and must join again with it.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.js';

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

/** Who a member is and how long it may stay silent, as its JoinGroup says. */
interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
}

export interface JoinRequest extends MemberIdentity {
  protocolType: string;
  /** JoinGroup v4+: an empty member id gets MEMBER_ID_REQUIRED first (KIP-394). */
  requireKnownMemberId: boolean;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  /** The group's protocol type and chosen protocol; null in an error (JoinGroup v7+ sends them so). */
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string;
  memberId: string;
  /** Filled for the leader only: every member and its metadata for the chosen protocol. */
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
  /** As in JoinResult (SyncGroup v5+). */
  protocolType: string | null;
  protocolName: string | null;
}

/** SyncGroup v5+ names the protocol type and name the member expects; null: not said. */
export interface ExpectedProtocol {
  type: string | null;
  name: string | null;
}

interface Member extends MemberIdentity {
  assignment: Buffer;
  awaitingJoin: ((result: JoinResult) => void) | undefined;
  awaitingSync: ((result: SyncResult) => void) | undefined;
  sessionTimer: NodeJS.Timeout | undefined;
}

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
  leaderEpoch: number;
}

const EMPTY = Buffer.alloc(0);

export class ConsumerGroup {
  state: GroupStateName = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet joined. */
  private readonly pendingMemberIds = new Set<string>();
  readonly offsets = new Map<string, CommittedOffset>();
  private rebalanceTimer: NodeJS.Timeout | undefined;
  /** The first rebalance of an empty group waits group.initial.rebalance.delay.ms for more members. */
  private delayingInitialJoin = false;

  constructor(
    readonly groupId: string,
    /** group.initial.rebalance.delay.ms: Kafka's default is 3000; its docs say "During development and
     * testing it might be desirable to set this to 0 in order to not delay test execution time." */
    private readonly initialRebalanceDelayMs: number,
  ) {}

  join(request: JoinRequest): Promise<JoinResult> {
    if (this.state === 'Dead') return Promise.resolve(this.joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, request.memberId));
    if (!this.supportsProtocols(request)) {
      return Promise.resolve(this.joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId));
    }
    if (request.memberId === '') {
      const memberId = `${request.clientId}-${randomUUID()}`;
      if (request.requireKnownMemberId) {
        this.pendingMemberIds.add(memberId);
        return Promise.resolve(this.joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
      }
      return this.addMemberAndRebalance({ ...request, memberId });
    }
    if (this.pendingMemberIds.delete(request.memberId)) return this.addMemberAndRebalance(request);
    const member = this.members.get(request.memberId);
    if (!member) return Promise.resolve(this.joinError(ErrorCode.UNKNOWN_MEMBER_ID, request.memberId));
    return this.rejoin(member, request);
  }

  sync(memberId: string, generationId: number, assignments: Map<string, Buffer>, expected: ExpectedProtocol): Promise<SyncResult> {
    const member = this.members.get(memberId);
    if (!member || this.state === 'Empty' || this.state === 'Dead') return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (generationId !== this.generationId) return Promise.resolve(syncError(ErrorCode.ILLEGAL_GENERATION));
    // KIP-559 (SyncGroup v5): a member expecting another protocol type or name than the group's.
    if ((expected.type !== null && expected.type !== this.protocolType) || (expected.name !== null && expected.name !== this.protocolName)) {
      return Promise.resolve(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (this.state === 'PreparingRebalance') return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    this.touch(member);
    if (this.state === 'Stable') return Promise.resolve(this.synced(member));
    return new Promise((resolve) => {
      member.awaitingSync = resolve;
      if (memberId === this.leaderId) {
        for (const each of this.members.values()) each.assignment = assignments.get(each.memberId) ?? EMPTY;
        this.state = 'Stable';
        for (const each of this.members.values()) {
          const answer = each.awaitingSync;
          each.awaitingSync = undefined;
          answer?.(this.synced(each));
        }
      }
    });
  }

  heartbeat(memberId: string, generationId: number): number {
    const member = this.members.get(memberId);
    if (!member || this.state === 'Empty' || this.state === 'Dead') return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(member);
    if (this.state === 'PreparingRebalance' || this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  leave(memberId: string): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(member);
    return ErrorCode.NONE;
  }

  /** OffsetCommit's membership checks (GroupCoordinator.handleCommitOffsets). */
  commitCheck(memberId: string, generationId: number): number {
    // A commit outside the group protocol (generation -1, as admin tools and simple consumers send) is
    // accepted while the group has no members.
    if (generationId < 0 && this.state === 'Empty') return ErrorCode.NONE;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(member);
    return ErrorCode.NONE;
  }

  /** Stops every timer: the group is deleted or the simulator stops. */
  close(): void {
    this.state = 'Dead';
    clearTimeout(this.rebalanceTimer);
    for (const member of this.members.values()) clearTimeout(member.sessionTimer);
  }

  private supportsProtocols(request: JoinRequest): boolean {
    if (request.protocols.length === 0) return false;
    if (this.members.size === 0) return true;
    if (request.protocolType !== this.protocolType) return false;
    return request.protocols.some((candidate) =>
      [...this.members.values()].every(
        (member) => member.memberId === request.memberId || member.protocols.some((p) => p.name === candidate.name),
      ),
    );
  }

  private addMemberAndRebalance(request: JoinRequest): Promise<JoinResult> {
    return new Promise((resolve) => {
      const { memberId, groupInstanceId, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocols } = request;
      const member: Member = {
        ...{ memberId, groupInstanceId, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocols },
        assignment: EMPTY,
        awaitingJoin: resolve,
        awaitingSync: undefined,
        sessionTimer: undefined,
      };
      if (this.members.size === 0) this.protocolType = request.protocolType;
      this.members.set(member.memberId, member);
      this.touch(member);
      this.prepareRebalance();
      this.maybeCompleteJoin();
    });
  }

  private rejoin(member: Member, request: JoinRequest): Promise<JoinResult> {
    return new Promise((resolve) => {
      const changed = !sameProtocols(member.protocols, request.protocols);
      member.protocols = request.protocols;
      member.sessionTimeoutMs = request.sessionTimeoutMs;
      member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
      this.touch(member);
      if (this.state === 'PreparingRebalance') {
        member.awaitingJoin = resolve;
        this.maybeCompleteJoin();
        return;
      }
      // A follower that rejoins unchanged (it missed the join response) gets the current generation back;
      // the leader, or a changed member, starts a new rebalance.
      if (!changed && member.memberId !== this.leaderId && (this.state === 'Stable' || this.state === 'CompletingRebalance')) {
        resolve(this.joinResultFor(member));
        return;
      }
      member.awaitingJoin = resolve;
      this.prepareRebalance();
      this.maybeCompleteJoin();
    });
  }

  private prepareRebalance(): void {
    if (this.state === 'PreparingRebalance') return;
    // Members waiting on a sync of the abandoned generation are told to rejoin.
    for (const member of this.members.values()) {
      const answer = member.awaitingSync;
      member.awaitingSync = undefined;
      answer?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    }
    const wasEmpty = this.state === 'Empty';
    this.state = 'PreparingRebalance';
    clearTimeout(this.rebalanceTimer);
    this.delayingInitialJoin = wasEmpty && this.initialRebalanceDelayMs > 0;
    const timeout = this.delayingInitialJoin
      ? this.initialRebalanceDelayMs
      : Math.max(...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.rebalanceTimer = setTimeout(() => {
      this.delayingInitialJoin = false;
      this.completeJoin();
    }, timeout);
    this.rebalanceTimer.unref();
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if (this.delayingInitialJoin) return;
    if ([...this.members.values()].every((member) => member.awaitingJoin !== undefined)) this.completeJoin();
  }

  private completeJoin(): void {
    clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = undefined;
    if (this.state !== 'PreparingRebalance') return;
    for (const member of [...this.members.values()]) {
      if (member.awaitingJoin === undefined) this.dropMember(member);
    }
    this.generationId += 1;
    if (this.members.size === 0) {
      this.becomeEmpty();
      return;
    }
    this.protocolName = this.selectProtocol();
    if (this.leaderId === null || !this.members.has(this.leaderId)) this.leaderId = this.members.keys().next().value ?? null;
    this.state = 'CompletingRebalance';
    for (const member of this.members.values()) {
      const answer = member.awaitingJoin;
      member.awaitingJoin = undefined;
      this.touch(member);
      answer?.(this.joinResultFor(member));
    }
  }

  private joinResultFor(member: Member): JoinResult {
    const isLeader = member.memberId === this.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leaderId: this.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader
        ? [...this.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
          }))
        : [],
    };
  }

  /** Each member votes for the first protocol (in its order of preference) that every member supports. */
  private selectProtocol(): string {
    const members = [...this.members.values()];
    const common = members[0]!.protocols
      .map((p) => p.name)
      .filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
    const votes = new Map<string, number>();
    for (const member of members) {
      const vote = member.protocols.find((p) => common.includes(p.name))?.name;
      if (vote) votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? common[0] ?? '';
  }

  private touch(member: Member): void {
    clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => this.removeMember(member), member.sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  private removeMember(member: Member): void {
    if (!this.members.has(member.memberId)) return;
    this.dropMember(member);
    member.awaitingJoin?.(this.joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    if (this.members.size === 0 && this.state !== 'PreparingRebalance') {
      this.generationId += 1;
      this.becomeEmpty();
      return;
    }
    if (this.state === 'PreparingRebalance') this.maybeCompleteJoin();
    else this.prepareRebalance();
  }

  private dropMember(member: Member): void {
    clearTimeout(member.sessionTimer);
    this.members.delete(member.memberId);
    if (this.leaderId === member.memberId) this.leaderId = null;
  }

  private becomeEmpty(): void {
    this.state = 'Empty';
    this.leaderId = null;
    this.protocolName = null;
    this.protocolType = null;
  }

  private joinError(errorCode: number, memberId: string): JoinResult {
    return { errorCode, generationId: -1, protocolType: null, protocolName: null, leaderId: '', memberId, members: [] };
  }

  private synced(member: Member): SyncResult {
    return { errorCode: ErrorCode.NONE, assignment: member.assignment, protocolType: this.protocolType, protocolName: this.protocolName };
  }
}

export function syncError(errorCode: number): SyncResult {
  return { errorCode, assignment: EMPTY, protocolType: null, protocolName: null };
}

function sameProtocols(a: GroupProtocol[], b: GroupProtocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.metadata.equals(b[i]!.metadata));
}
