// What every command action shares: global options -> Context, a Reporter, Ctrl-C as an AbortSignal,
// and the one place where an error becomes a message and an exit code.
import type { Command } from 'commander';
import { createContext, type Context, type GlobalOptions } from '../context.js';
import { ExitCode, interrupted } from '../errors.js';
import { describeError, errorDocument, errorLines } from '../output/render-error.js';
import { createReporter, type Reporter } from '../output/reporter.js';

export type CommandBody<Options> = (ctx: Context, reporter: Reporter, options: Options) => Promise<number | void>;

/**
 * Wraps a command body for commander. The body returns an exit code (or nothing for 0) and throws
 * KafkaAksErrors for everything else. The first Ctrl-C aborts `ctx.signal`, so a command can clean up
 * (turn maintenance mode off, say which peerings exist); a second one exits at once.
 */
export function runCommand<Options extends object>(body: CommandBody<Options>) {
  return async (_options: Options, command: Command): Promise<void> => {
    const options = command.optsWithGlobals<Options & GlobalOptions>();
    const reporter = await createReporter({
      mode: options.json ? 'json' : 'human',
      verbose: Boolean(options.verbose),
      quiet: Boolean(options.quiet),
    });
    const abort = new AbortController();
    const onSigint = () => {
      if (abort.signal.aborted) {
        reporter.close();
        process.exit(ExitCode.interrupted);
      }
      abort.abort(interrupted('Interrupted by Ctrl-C.'));
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      const ctx = createContext(options, reporter, process.env, abort.signal);
      process.exitCode = (await body(ctx, reporter, options)) ?? ExitCode.ok;
    } catch (error) {
      process.exitCode = reportError(reporter, error, Boolean(options.verbose));
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      reporter.close();
    }
  };
}

export function reportError(reporter: Reporter, error: unknown, verbose: boolean): number {
  const rendered = describeError(error);
  reporter.fail();
  for (const line of errorLines(rendered, verbose)) reporter.writeErr(line);
  if (reporter.mode === 'json') reporter.result(errorDocument(rendered), () => '');
  return rendered.exitCode;
}
