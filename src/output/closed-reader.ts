// The reader of our output went away: EPIPE when a pipe's reader exited (`| head -1`, a `tee` that
// died), EIO when the terminal closed. Node ignores SIGPIPE, so the failed write surfaces as an 'error'
// event on the stream, and with no listener the process dies wherever it is: in the middle of a restart,
// with maintenance mode ON. Small on purpose: src/cli.ts loads it at start-up.

export function isClosedReader(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'EIO';
}

const tolerant = new WeakSet<NodeJS.WritableStream>();

/**
 * A closed reader is not our failure: the stream's error is ignored (Node emits it once, and drops later
 * writes). Any other write error is thrown as before. A running command learns of it through its
 * Reporter (Reporter.watchOutput) and stops safely; otherwise the program ends as it would have.
 */
export function tolerateClosedReader(stream: NodeJS.WritableStream): void {
  if (tolerant.has(stream)) return;
  tolerant.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!isClosedReader(error)) throw error;
  });
}
