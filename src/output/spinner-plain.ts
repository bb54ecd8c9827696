// Progress for pipes, CI and --json: one line per step and per change, never a control sequence.
import type { Spinner } from './reporter.js';
import type { Style } from './style.js';

export class PlainSpinner implements Spinner {
  private last: string | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly style: Style,
  ) {}

  start(text: string): void {
    this.line(`- ${text}`);
  }

  update(text: string): void {
    this.line(`  ${text}`);
  }

  succeed(text: string): void {
    this.line(this.style.green(`✔ ${text}`));
  }

  fail(text: string): void {
    this.line(this.style.red(`✖ ${text}`));
  }

  pause(): void {}

  /** A poll loop repeats itself; a log should not. */
  private line(text: string): void {
    if (text === this.last) return;
    this.last = text;
    this.stream.write(`${text}\n`);
  }
}
