// Errors are values with a kind, a message for people and a hint for what to do next.
// They are thrown deep (src/azure, src/ambari, src/kafka) and rendered once, in src/cli.ts.

/**
 * Exit codes: 0-3 as the Azure CLI uses them (Azure/azure-cli README.md "Exit codes"), then ours.
 * The table users see: README.md "Exit codes".
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  checkFailed: 4,
  auth: 5,
  /** 128 + the number of the signal, as a shell reports a process that the signal ended: SIGINT is 2. */
  interrupted: 130,
  /** SIGHUP is 1: the terminal closed, or the SSH session carrying it dropped. */
  hungUp: 129,
  /** SIGTERM is 15. */
  terminated: 143,
  /**
   * SIGPIPE is 13: what a shell reports for `yes | head -1`. Node ignores SIGPIPE, so a write to a
   * closed stdout or stderr fails instead; kafka-aks stops on that failure as it would on the signal.
   */
  outputClosed: 141,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind =
  /** An operation failed (a server error, a failed restart, a failed long-running operation). */
  | 'failed'
  /** Bad usage or bad input: a missing flag, overlapping address spaces, not a Kafka cluster. */
  | 'usage'
  /** A named resource does not exist. */
  | 'not-found'
  /** A check failed: the smoke test lost messages, `status` found a problem. */
  | 'check-failed'
  /** Authentication or permission refused. */
  | 'auth'
  /** The operator pressed Ctrl-C (SIGINT). */
  | 'interrupted'
  /** SIGTERM stopped the run: `kill`, a service manager, Kubernetes ending a pod. Cleaned up as after Ctrl-C. */
  | 'terminated'
  /** SIGHUP stopped the run: the terminal was closed. Cleaned up as after Ctrl-C. */
  | 'hung-up'
  /** Whoever read stdout or stderr went away (`| head -1`, a closed terminal). Cleaned up as after Ctrl-C. */
  | 'output-closed';

const exitCodeOf: Record<ErrorKind, ExitCode> = {
  failed: ExitCode.failed,
  usage: ExitCode.usage,
  'not-found': ExitCode.notFound,
  'check-failed': ExitCode.checkFailed,
  auth: ExitCode.auth,
  interrupted: ExitCode.interrupted,
  terminated: ExitCode.terminated,
  'hung-up': ExitCode.hungUp,
  'output-closed': ExitCode.outputClosed,
};

export interface ErrorDetails {
  /** What to do next, one sentence. */
  hint?: string;
  /** The lower-level error, kept for --verbose. Never rendered in normal output. */
  cause?: unknown;
  /** Structured facts for --json output (e.g. the failed hosts). Must hold no secrets. */
  details?: Record<string, unknown>;
}

export class KafkaAksError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, message: string, extra: ErrorDetails = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'KafkaAksError';
    this.kind = kind;
    this.hint = extra.hint;
    this.details = extra.details;
  }

  get exitCode(): ExitCode {
    return exitCodeOf[this.kind];
  }
}

export const usageError = (message: string, extra?: ErrorDetails) => new KafkaAksError('usage', message, extra);
export const notFoundError = (message: string, extra?: ErrorDetails) =>
  new KafkaAksError('not-found', message, extra);
export const authError = (message: string, extra?: ErrorDetails) => new KafkaAksError('auth', message, extra);
export const operationFailed = (message: string, extra?: ErrorDetails) =>
  new KafkaAksError('failed', message, extra);
export const checkFailed = (message: string, extra?: ErrorDetails) =>
  new KafkaAksError('check-failed', message, extra);

/** The ways a run is stopped from outside, each cleaned up as after Ctrl-C, and how a message names it. */
const STOPPED_BY = {
  interrupted: 'Interrupted',
  terminated: 'Terminated (SIGTERM)',
  'hung-up': 'Hung up (SIGHUP)',
  'output-closed': 'Stopped (output closed)',
} as const;
export type StopKind = keyof typeof STOPPED_BY;

/** The run was stopped for `kind`: `Terminated (SIGTERM).`, `Hung up (SIGHUP).`; Ctrl-C says how it was pressed. */
export function stoppedBy(kind: StopKind, extra?: ErrorDetails): KafkaAksError {
  return new KafkaAksError(kind, kind === 'interrupted' ? 'Interrupted by Ctrl-C.' : `${STOPPED_BY[kind]}.`, extra);
}

/** The run was stopped from outside (a signal, the output gone): what a library throws after that is not the story. */
export function isInterruption(error: unknown): error is KafkaAksError & { kind: StopKind } {
  return isKafkaAksError(error) && error.kind in STOPPED_BY;
}

/**
 * The interruption told by the step it stopped, which knows the state it leaves ("In Azure now: ...").
 * `reason` is the abort reason the runner set; its kind is kept, so SIGTERM still exits 143, and the
 * message begins with how the run was stopped: `while peering.` → "Terminated (SIGTERM) while peering."
 */
export function interruptedWhile(reason: unknown, message: string, extra?: ErrorDetails): KafkaAksError {
  const kind: StopKind = isInterruption(reason) ? reason.kind : 'interrupted';
  return new KafkaAksError(kind, `${STOPPED_BY[kind]} ${message}`, extra);
}

/**
 * An interruption retold where it struck, in its own words: "Interrupted by Ctrl-C." and `while
 * restarting Kafka brokers.` → "Interrupted by Ctrl-C while restarting Kafka brokers." (SIGTERM alike,
 * its kind and exit code kept).
 */
export function interruptionAt(interruption: KafkaAksError, where: string, extra: ErrorDetails = {}): KafkaAksError {
  return new KafkaAksError(interruption.kind, `${interruption.message.replace(/[.\s]+$/, '')} ${where}`, { cause: interruption, ...extra });
}

/** The same error with more structured facts for --json and the caller (e.g. the brokers' table). */
export function withDetails(error: KafkaAksError, details: Record<string, unknown>): KafkaAksError {
  return new KafkaAksError(error.kind, error.message, { hint: error.hint, details: { ...(error.details ?? {}), ...details }, cause: error.cause });
}

export function isKafkaAksError(error: unknown): error is KafkaAksError {
  return error instanceof KafkaAksError;
}
