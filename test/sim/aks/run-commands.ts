// The inside of one simulated AKS cluster as the run command API reaches it (`az aks command invoke`,
// ManagedClusters_RunCommand): each command really runs, asynchronously to the POST that asked for it,
// in a fresh temporary directory with `bash -c <command>`, its stdout and stderr interleaved in order
// into one log, `kubectl` first on its PATH (the stand-in in kubectl.mjs, sharing this cluster's
// state directory). What AKS does, and where it is documented:
//  - the command runs in a `command-<id>` pod in namespace aks-command (MicrosoftDocs SupportArticles-docs,
//    resolve-az-aks-command-invoke-failures.md). Which shell that pod uses is not documented; the
//    examples (`az aks command invoke --command "kubectl ... && ..."`) need a POSIX shell, and bash is one.
//  - logs are cut at 512 KiB by design (Azure/azure-cli#27484, MicrosoftDocs/azure-docs PR#115257).
//    No source says whether the head or the tail is kept: the simulator keeps the head.
//  - a command ends "succeeded" whatever its exit code; "failed" with a `reason` (and no exit code or
//    logs) when its pod could not run (RunCommandResultFailed.json: reason "ImagePullBackoff").
// The kubectl stand-in reports each invocation and each pod it starts on file descriptor 3, which this
// turns into events, so tests act at the right moment (a pod is running) without sleeping.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { KubeStore, timestamp } from './kube-store.mjs';

const KUBECTL_BIN = fileURLToPath(new URL('./kubectl-bin', import.meta.url));

/** 512 KiB: what AKS returns of a command's output at most. */
export const LOG_CAP_BYTES = 524_288;

export interface RunCommandResult {
  id: string;
  provisioningState: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
  logs?: string;
  reason?: string;
}

/** What a kubectl invocation inside the cluster was, as the stand-in reports it. */
export interface KubectlCall {
  verb: string;
  args: string[];
  /** run, apply and delete change the cluster; get does not. */
  write: boolean;
}

export type AksEvent =
  | { type: 'command-received'; id: string; command: string; clusterTokenPresent: boolean }
  | { type: 'command-finished'; id: string; provisioningState: 'succeeded' | 'failed'; exitCode?: number; logs?: string; reason?: string }
  | ({ type: 'kubectl' } & KubectlCall)
  | { type: 'pod-pending'; namespace: string; name: string; image: string; reason: string }
  | { type: 'pod-running'; namespace: string; name: string; image: string; pid: number }
  | { type: 'pod-finished'; namespace: string; name: string; image: string; exitCode: number };

interface Command {
  result: RunCommandResult;
  child: ChildProcess | undefined;
  /** Settles once the command's shell and everything holding its streams have ended. */
  closed: Promise<void>;
}

export class AksRuntime {
  /** Pods, ConfigMaps, namespaces and the cluster-side knobs (image pull failures, pod DNS). */
  readonly store: KubeStore;
  /** How much of a command's output its result keeps (tests lower it). */
  logCapBytes = LOG_CAP_BYTES;
  private readonly dir: string;
  private readonly commands = new Map<string, Command>();
  private readonly listeners = new Set<(event: AksEvent) => void>();
  private readonly calls: KubectlCall[] = [];
  private readonly failures: string[] = [];

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'kafka-aks-sim-aks-'));
    this.store = new KubeStore(join(this.dir, 'state')).init();
    this.store.setPodDns({});
    mkdirSync(join(this.dir, 'pods'));
  }

  /** Accepts a command and starts it; returns its id (32 hex digits, as AKS's). */
  start(command: string, context: string, clusterTokenPresent: boolean): string {
    const id = randomUUID().replace(/-/g, '');
    const record: Command = { result: { id, provisioningState: 'running', startedAt: timestamp() }, child: undefined, closed: Promise.resolve() };
    this.commands.set(id, record);
    this.emit({ type: 'command-received', id, command, clusterTokenPresent });
    const reason = this.failures.shift();
    if (reason !== undefined) {
      this.finish(record, { provisioningState: 'failed', reason });
    } else {
      void this.launch(record, command, context).catch((error: unknown) => {
        this.finish(record, { provisioningState: 'failed', reason: String(error) });
      });
    }
    return id;
  }

  result(id: string): RunCommandResult | undefined {
    const record = this.commands.get(id.toLowerCase());
    return record && { ...record.result };
  }

  /** The next command accepted ends "failed" with this reason, without running (its pod never started). */
  failNextCommand(reason: string): void {
    this.failures.push(reason);
  }

  /** Every kubectl invocation so far, in order. */
  kubectlCalls(): KubectlCall[] {
    return this.calls.map((call) => ({ ...call, args: [...call.args] }));
  }

  /** The kubectl invocations that changed the cluster (run, apply, delete): "zero writes" is `writes().length === 0`. */
  writes(): KubectlCall[] {
    return this.kubectlCalls().filter((call) => call.write);
  }

  on(listener: (event: AksEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next event that matches, e.g. a pod running: register before acting, then await. */
  waitFor<T extends AksEvent['type']>(type: T, matches: (event: Extract<AksEvent, { type: T }>) => boolean = () => true): Promise<Extract<AksEvent, { type: T }>> {
    return new Promise((resolve) => {
      const off = this.on((event) => {
        if (event.type !== type || !matches(event as Extract<AksEvent, { type: T }>)) return;
        off();
        resolve(event as Extract<AksEvent, { type: T }>);
      });
    });
  }

  /** Ends every command and pod still running and removes the cluster's files. */
  async stop(): Promise<void> {
    const commands = [...this.commands.values()];
    for (const command of commands) if (command.result.provisioningState === 'running') killGroup(command.child?.pid);
    for (const pod of this.store.pods()) killGroup(pod.pid);
    await Promise.all(commands.map((command) => command.closed));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(record: Command, command: string, context: string): Promise<void> {
    const cwd = mkdtempSync(join(this.dir, 'command-'));
    if (context !== '') await unzip(Buffer.from(context, 'base64'), cwd);
    const logFile = join(this.dir, `${record.result.id}.log`);
    // One file for stdout and stderr: their writes land in the order they happen.
    const output = openSync(logFile, 'w');
    const child = spawn('bash', ['-c', command], {
      cwd,
      env: {
        PATH: `${KUBECTL_BIN}${delimiter}${process.env.PATH ?? ''}`,
        HOME: cwd,
        KUBECTL_SIM_STATE: this.store.dir,
        KUBECTL_SIM_EVENTS_FD: '3',
        KUBECTL_SIM_NODE: process.execPath,
        KUBECTL_SIM_SYSTEM_PATH: process.env.PATH ?? '',
        KUBECTL_SIM_POD_ROOT: join(this.dir, 'pods'),
        // The stand-in is a node process: it stays on loopback like every other one the tests start.
        ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      },
      stdio: ['ignore', output, output, 'pipe'],
      // Its own process group, so that stopping the simulator ends the command and all it started.
      detached: true,
    });
    closeSync(output);
    record.child = child;
    createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => this.fromStandIn(line));
    const exitCode = new Promise<number>((resolve) => {
      child.once('error', () => resolve(127));
      child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
    record.closed = exitCode.then(() => undefined);
    this.finish(record, { provisioningState: 'succeeded', exitCode: await exitCode, logs: await readHead(logFile, this.logCapBytes) });
  }

  private fromStandIn(line: string): void {
    let event: AksEvent;
    try {
      event = JSON.parse(line) as AksEvent;
    } catch {
      return;
    }
    if (event.type === 'kubectl') this.calls.push({ verb: event.verb, args: event.args, write: event.write });
    this.emit(event);
  }

  private finish(record: Command, outcome: Omit<RunCommandResult, 'id' | 'startedAt'>): void {
    record.result = { ...record.result, ...outcome, finishedAt: timestamp() } as RunCommandResult;
    const { id, provisioningState, exitCode, logs, reason } = record.result;
    this.emit({ type: 'command-finished', id, provisioningState: provisioningState as 'succeeded' | 'failed', exitCode, logs, reason });
  }

  private emit(event: AksEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** The first `cap` bytes of a file. */
async function readHead(file: string, cap: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(cap);
    const { bytesRead } = await handle.read(buffer, 0, cap, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** `context`: a base64 zip of files the command needs, unpacked into its working directory (az aks command invoke --file). */
function unzip(zip: Buffer, into: string): Promise<void> {
  const file = join(into, '.context.zip');
  writeFileSync(file, zip);
  return new Promise((resolve, reject) => {
    const child = spawn('unzip', ['-q', '-o', file, '-d', into], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => {
      rmSync(file, { force: true });
      if (code === 0) resolve();
      else reject(new Error(`the command's context is not a zip archive (unzip exited ${code})`));
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
