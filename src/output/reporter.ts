// The only code that writes to the terminal. Data goes to stdout (a table, or with --json exactly one
// JSON document); progress, warnings and errors go to stderr. Every line passes through redact().
import type { OutputMode, Progress } from '../context.js';
import { isClosedReader, tolerateClosedReader } from './closed-reader.js';
import { redact } from './redact.js';
import { styleFor, type Style } from './style.js';

/** How a long wait is shown: an ora spinner on a TTY, or one plain line per step. */
export interface Spinner {
  start(text: string): void;
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  /** Clear the spinner line without a verdict (before a prompt, a warning or exit). */
  pause(): void;
}

export interface ReporterOptions {
  mode: OutputMode;
  verbose: boolean;
  quiet: boolean;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export class Reporter implements Progress {
  readonly mode: OutputMode;
  private readonly stderrStyle: Style;
  private readonly stdout: NodeJS.WriteStream;
  private readonly stderr: NodeJS.WriteStream;
  private current: string | undefined;
  private resultWritten = false;
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly options: ReporterOptions,
    private readonly spinner: Spinner,
  ) {
    this.mode = options.mode;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.stderrStyle = styleFor(this.stderr, options.env);
  }

  /** The command's result: with --json one JSON document, otherwise the human rendering. */
  result<T>(data: T, human: (data: T) => string): void {
    this.spinner.pause();
    this.resultWritten = true;
    const text = this.mode === 'json' ? JSON.stringify(data, null, 2) : human(data);
    if (text !== '') this.stdout.write(`${redact(text)}\n`);
  }

  /** The command printed its result already: an error after it (a failed check) must not add a second document. */
  get hasResult(): boolean {
    return this.resultWritten;
  }

  /** A line for people on stderr: what happened, what was skipped. Silent with --quiet. */
  info(text: string): void {
    if (this.options.quiet) return;
    this.writeErr(text);
  }

  begin(text: string): void {
    this.current = text;
    if (!this.options.quiet) this.spinner.start(redact(text));
  }

  update(text: string): void {
    this.current = text;
    if (!this.options.quiet) this.spinner.update(redact(text));
  }

  succeed(text?: string): void {
    if (!this.options.quiet) this.spinner.succeed(redact(text ?? this.current ?? ''));
    this.current = undefined;
  }

  fail(text?: string): void {
    const step = text ?? this.current;
    if (step === undefined) this.spinner.pause();
    else this.spinner.fail(redact(step));
    this.current = undefined;
  }

  warn(text: string): void {
    this.writeErr(this.stderrStyle.yellow(`Warning: ${text}`));
  }

  debug(text: string): void {
    if (this.options.verbose) this.writeErr(this.stderrStyle.dim(text));
  }

  /** Raw stderr for the error renderer and prompts; still redacted. */
  writeErr(text: string): void {
    this.spinner.pause();
    this.stderr.write(`${redact(text)}\n`);
  }

  /**
   * Calls `onClosed` when the reader of stdout or stderr went away (closed-reader.ts), so the run stops
   * as after Ctrl-C, cleaning up, rather than dying wherever it is. Until close().
   */
  watchOutput(onClosed: () => void): void {
    const onError = (error: NodeJS.ErrnoException) => {
      if (isClosedReader(error)) onClosed();
    };
    const streams = [this.stdout, this.stderr];
    for (const stream of streams) {
      // Stays after close(): the error report and the final flush still write.
      tolerateClosedReader(stream);
      stream.on('error', onError);
    }
    this.unwatch = () => streams.forEach((stream) => stream.off('error', onError));
  }

  /** Stop any spinner, before exit, so the terminal is left clean; stop watching the output. */
  close(): void {
    this.spinner.pause();
    this.unwatch?.();
    this.unwatch = undefined;
  }
}

/**
 * Spinners only when stderr is a TTY of known width, not in CI, not with --json and not with --verbose
 * (trace lines would tear the spinner line). A terminal that reports 0 columns (a pty opened without a
 * size: `script` with no terminal, some `docker exec -t`) gets plain lines: ora divides by the width to
 * know how many lines to clear, and with 0 it clears forever. ora is imported only when it animates.
 */
export async function createReporter(options: ReporterOptions): Promise<Reporter> {
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const animate =
    Boolean(stderr.isTTY) &&
    (stderr.columns ?? 0) > 0 &&
    !env.CI &&
    env.TERM !== 'dumb' &&
    options.mode !== 'json' &&
    !options.verbose;
  if (animate) {
    const { OraSpinner } = await import('./spinner-ora.js');
    return new Reporter(options, await OraSpinner.create(stderr, env));
  }
  const { PlainSpinner } = await import('./spinner-plain.js');
  return new Reporter(options, new PlainSpinner(stderr, styleFor(stderr, env)));
}
