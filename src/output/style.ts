// Colour only where it helps and is wanted: a TTY, no NO_COLOR (https://no-color.org: present and
// non-empty), no TERM=dumb, no --json. Checked per stream: stdout may be piped while stderr is a TTY.

export interface Style {
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

export function colourWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const identity = (text: string) => text;

export function styleFor(stream: NodeJS.WriteStream, env?: NodeJS.ProcessEnv): Style {
  if (!colourWanted(stream, env)) {
    return { dim: identity, red: identity, yellow: identity, green: identity };
  }
  return { dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39) };
}
