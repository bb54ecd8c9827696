// Addresses that drop every connection attempt, as a blocked network path does. On Azure a packet with
// no route to its destination is dropped (before peering, a 10.x address outside the VNet hits the
// system route 10.0.0.0/8 → None), and with "Allow virtual network access" off "traffic doesn't flow"
// (MicrosoftDocs/azure-docs articles/virtual-network/virtual-networks-udr-overview.md and
// virtual-network-manage-peering.md): the client's SYN gets no answer, so its connect times out
// while the kernel retransmits the SYN. A closed port would answer with a reset instead ("connection
// refused"), which tells a client something a blocked path never does.
//
// Without root (no netfilter), Linux drops a SYN in one case: it reaches a listening socket whose
// accept queue is full (net/ipv4/tcp_input.c, tcp_conn_request: sk_acceptq_is_full → drop, counted as
// ListenOverflows; "How TCP backlog works in Linux", veithen.io 2014). The queue of a socket listening
// with backlog 1 is full once two connections wait in it (include/net/sock.h: sk_acceptq_is_full is
// ack_backlog > max_ack_backlog, kept so on purpose since commit 64a146513f8f). Node accepts every
// connection as soon as its event loop polls, so these listeners live in a worker thread whose loop
// never polls (black-hole-worker.mjs), and two filler connections from here fill each queue.
// A client that keeps retrying its SYN connects once the hole is closed and the broker listens again,
// as it would once a path opens.
import net from 'node:net';
import { Worker } from 'node:worker_threads';

/** How many connections fill a backlog-1 queue on Linux. */
const FILLERS = 2;
/**
 * A filler that is not connected by then found the queue already full: a client connected between the
 * listen and the fill. The hole drops SYNs either way; this bound only keeps that rare race short.
 */
const FILLER_BOUND_MS = 1_000;

export class BlackHoles {
  private worker: Worker | undefined;
  /** Why the worker died, if it did: told to whoever waits for an answer. */
  private failure: Error | undefined;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly text = new Uint8Array(new SharedArrayBuffer(256));
  private readonly fillers = new Map<string, net.Socket[]>();
  /** Commands go to the worker one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  /** From now on, connection attempts to host:port are dropped. Nothing else may listen there. */
  async open(host: string, port: number): Promise<void> {
    await this.command(`open ${host} ${port}`);
    const fillers: net.Socket[] = [];
    this.fillers.set(host, fillers);
    for (let i = 0; i < FILLERS; i += 1) fillers.push(await fill(host, port));
  }

  /** host is an ordinary address again: whatever listens there next answers (or nothing: refused). */
  async close(host: string): Promise<void> {
    await this.command(`close ${host}`);
    for (const filler of this.fillers.get(host) ?? []) filler.destroy();
    this.fillers.delete(host);
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    await this.command('exit');
    worker.ref();
    await exited;
    this.worker = undefined;
    for (const filler of [...this.fillers.values()].flat()) filler.destroy();
    this.fillers.clear();
  }

  private command(line: string): Promise<void> {
    const sent = this.queue.then(() => this.send(line));
    this.queue = sent.catch(() => {});
    return sent;
  }

  private send(line: string): Promise<void> {
    const worker = (this.worker ??= this.startWorker());
    const bytes = new TextEncoder().encode(line);
    this.text.set(bytes);
    this.control[1] = bytes.length;
    const answered = new Promise<void>((resolve, reject) => {
      const onExit = (code: number) =>
        reject(new Error(`the black-hole thread exited (${code}) before answering "${line}"`, { cause: this.failure }));
      worker.once('exit', onExit);
      worker.once('message', (message: { error?: string }) => {
        worker.off('exit', onExit);
        if (message.error) reject(new Error(`black hole "${line}": ${message.error}`));
        else resolve();
      });
    });
    // Held open while an answer is awaited; otherwise a simulator someone forgot to stop must not keep
    // the process alive for its black holes.
    worker.ref();
    Atomics.add(this.control, 0, 1);
    Atomics.notify(this.control, 0);
    return answered.finally(() => worker.unref());
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('./black-hole-worker.mjs', import.meta.url), {
      workerData: { control: this.control.buffer, text: this.text.buffer },
    });
    worker.on('error', (error) => (this.failure = error));
    return worker;
  }
}

function fill(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    // The queued connection is reset when its hole closes.
    socket.on('error', () => {});
    const bound = setTimeout(() => resolve(socket), FILLER_BOUND_MS);
    socket.once('connect', () => {
      clearTimeout(bound);
      resolve(socket);
    });
  });
}
