// Any error becomes one line saying what is wrong, one line saying what to do, and an exit code.
// A stack trace only with --verbose. With --json the same facts also form one JSON document on stdout.
import { ExitCode, isKafkaAksError, type ErrorKind } from '../errors.js';

export interface RenderedError {
  exitCode: number;
  kind: ErrorKind | 'internal';
  message: string;
  hint: string | undefined;
  details: Record<string, unknown> | undefined;
  /** The stack of the error and its causes, for --verbose only. */
  stack: string | undefined;
}

export const issueTracker = 'https://github.com/kafka-aks/kafka-aks/issues';

export function describeError(error: unknown): RenderedError {
  if (isKafkaAksError(error)) {
    return {
      exitCode: error.exitCode,
      kind: error.kind,
      message: oneLine(error.message),
      hint: error.hint,
      details: error.details,
      stack: stackOf(error),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.failed,
    kind: 'internal',
    message: `Unexpected error: ${oneLine(message)}`,
    hint: `This is a bug in kafka-aks. Run again with --verbose and report it at ${issueTracker}.`,
    details: undefined,
    stack: stackOf(error),
  };
}

export function errorLines(rendered: RenderedError, verbose: boolean): string[] {
  const lines = [`Error: ${rendered.message}`];
  if (rendered.hint) lines.push(`Hint: ${rendered.hint}`);
  if (verbose && rendered.stack) lines.push(rendered.stack);
  return lines;
}

export function errorDocument(rendered: RenderedError): Record<string, unknown> {
  return {
    error: {
      kind: rendered.kind,
      exitCode: rendered.exitCode,
      message: rendered.message,
      ...(rendered.hint ? { hint: rendered.hint } : {}),
      ...(rendered.details ? { details: rendered.details } : {}),
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The error's stack followed by each cause's; causes never carry request configs (we wrap them). */
function stackOf(error: unknown): string | undefined {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    parts.push(depth === 0 ? (current.stack ?? String(current)) : `Caused by: ${current.stack ?? String(current)}`);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}
