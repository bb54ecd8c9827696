// Progress on a terminal: one ora spinner on stderr, replaced by a ✔ or ✖ line when the wait ends.
import type { Ora } from 'ora';
import type { Spinner } from './reporter.js';

export class OraSpinner implements Spinner {
  private constructor(private readonly ora: Ora) {}

  static async create(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Promise<OraSpinner> {
    const { default: ora } = await import('ora');
    const colour = !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
    return new OraSpinner(ora({ stream, color: colour ? 'cyan' : false, discardStdin: false }));
  }

  start(text: string): void {
    this.ora.start(text);
  }

  update(text: string): void {
    if (this.ora.isSpinning) this.ora.text = text;
    else this.ora.start(text);
  }

  succeed(text: string): void {
    this.ora.succeed(text);
  }

  fail(text: string): void {
    this.ora.fail(text);
  }

  pause(): void {
    if (this.ora.isSpinning) this.ora.stop();
  }
}
