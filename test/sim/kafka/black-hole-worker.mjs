// The thread that holds the black-hole listeners (black-holes.ts says why). Its event loop never polls,
// so it never accepts a connection: it runs one chain of process.nextTick callbacks, blocked in
// Atomics.wait between commands. listen(2) and close(2) happen inside those callbacks (Node binds an IP
// literal and emits 'listening' and 'error' on the next tick), so no command needs the loop.
// Commands come through shared memory: control[0] counts them, control[1] is the length of the text in
// `text`: "open <host> <port>", "close <host>" or "exit". Each is answered with a message.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/** Linux admits backlog + 1 connections before it drops SYNs: two fillers fill this queue. */
const BACKLOG = 1;
const control = new Int32Array(workerData.control);
const text = new Uint8Array(workerData.text);
const holes = new Map();
let seen = 0;

function answer(message) {
  parentPort.postMessage(message);
  process.nextTick(next);
}

function next() {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  const [verb, host, port] = new TextDecoder().decode(text.subarray(0, control[1])).split(' ');
  if (verb === 'open') {
    const server = net.createServer();
    server.once('error', (error) => answer({ error: error.message }));
    server.listen({ host, port: Number(port), backlog: BACKLOG, exclusive: true }, () => {
      holes.set(host, server);
      answer({});
    });
  } else if (verb === 'close') {
    holes.get(host)?.close();
    holes.delete(host);
    answer({});
  } else {
    // exit: the loop runs again, finds nothing to wait for, and the thread ends.
    for (const server of holes.values()) server.close();
    parentPort.postMessage({});
  }
}

process.nextTick(next);
