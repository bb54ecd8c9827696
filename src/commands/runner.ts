// What every command action shares: global options -> Context, a Reporter, Ctrl-C, SIGTERM, SIGHUP and
// a closed output as an AbortSignal, and the one place where an error becomes a message and an exit code.
// Everything but types and the error model (which src/cli.ts loads anyway) is imported when a command
// runs, not when the program starts: `--help` stays as fast as Node itself (bench/cold-start).
import type { Command } from '../commander.js';
import type { Context, GlobalOptions } from '../context.js';
import { ExitCode, isInterruption, stoppedBy, type StopKind } from '../errors.js';
import type { Reporter } from '../output/reporter.js';

/**
 * The Reporter is `ctx.reporter`. `command` is the commander command being run: for hints that name
 * another command with the same flags.
 */
export type CommandBody<Options> = (ctx: Context, options: Options, command: Command) => Promise<number | void>;

/** The signals that stop a run, cleaning up first. SIGHUP too: an SSH session that drops mid-restart must not leave maintenance mode ON. */
const STOP_SIGNALS = { SIGINT: 'interrupted', SIGTERM: 'terminated', SIGHUP: 'hung-up' } as const satisfies Partial<Record<NodeJS.Signals, StopKind>>;

/**
 * Wraps a command body for commander. The body returns an exit code (or nothing for 0) and throws
 * KafkaAksErrors for everything else. The first Ctrl-C, SIGTERM or SIGHUP, or the output closing, aborts
 * `ctx.signal`, so a command can clean up (turn maintenance mode off, say which peerings exist); a second
 * signal exits at once. Each exits as a shell reports that signal: 130 for Ctrl-C, 143 for SIGTERM, 129
 * for SIGHUP, 141 (SIGPIPE) for the output. `interruptedHint` says what to do next, true of this
 * command wherever it stopped (the domain adds what it knows: which peerings exist).
 */
export function runCommand<Options extends object>(body: CommandBody<Options>, interruptedHint: string) {
  return async (_options: Options, command: Command): Promise<void> => {
    const [{ createContext }, { createReporter }] = await Promise.all([import('../context.js'), import('../output/reporter.js')]);
    const options = command.optsWithGlobals<Options & GlobalOptions>();
    const reporter = await createReporter({
      mode: options.json ? 'json' : 'human',
      verbose: Boolean(options.verbose),
      quiet: Boolean(options.quiet),
    });
    const abort = new AbortController();
    const onSignal = (signal: keyof typeof STOP_SIGNALS) => {
      const stop = stoppedBy(STOP_SIGNALS[signal], { hint: interruptedHint });
      if (abort.signal.aborted) {
        reporter.writeErr('Interrupted again: quitting at once, without cleaning up.');
        reporter.close();
        process.exit(stop.exitCode);
      }
      // Said at once: the clean-up (maintenance mode OFF, a consumer group deleted) can take a moment.
      reporter.writeErr('Stopping: cleaning up first (press Ctrl-C again to quit at once, without cleaning up).');
      abort.abort(stop);
    };
    // Nobody reads what the run says any more: stop as on a signal. A closed terminal may also send
    // SIGHUP, and both streams fail: once is enough, and it is never the "second" stop.
    let outputClosed = false;
    reporter.watchOutput(() => {
      outputClosed = true;
      if (!abort.signal.aborted) abort.abort(stoppedBy('output-closed', { hint: interruptedHint }));
    });
    for (const signal of Object.keys(STOP_SIGNALS)) process.on(signal, onSignal);
    try {
      const ctx = createContext(options, reporter, process.env, abort.signal);
      const code = (await body(ctx, options, command)) ?? ExitCode.ok;
      // A failed write reports its error on a later tick: let it, then tell a body that ended before it
      // looked at the signal from one whose output was read. What it said was not all read: 141, as SIGPIPE.
      await new Promise((resolve) => setImmediate(resolve));
      process.exitCode = outputClosed ? ExitCode.outputClosed : code;
    } catch (error) {
      // After a signal, whatever a library threw (an AbortError, a cut connection) is the interruption.
      const reported = abort.signal.aborted && !isInterruption(error) ? abort.signal.reason : error;
      process.exitCode = await reportError(reporter, reported, Boolean(options.verbose));
    } finally {
      for (const signal of Object.keys(STOP_SIGNALS)) process.off(signal, onSignal);
      reporter.close();
    }
  };
}

export async function reportError(reporter: Reporter, error: unknown, verbose: boolean): Promise<number> {
  const { describeError, errorDocument, errorLines } = await import('../output/render-error.js');
  const rendered = describeError(error);
  reporter.fail();
  for (const line of errorLines(rendered, verbose)) reporter.writeErr(line);
  // With --json, stdout holds exactly one document: the error, unless a report came first (a smoke test
  // that ran and found lost messages reports, then fails its check).
  if (reporter.mode === 'json' && !reporter.hasResult) reporter.result(errorDocument(rendered), () => '');
  return rendered.exitCode;
}
