// Long-running operations as ARM runs them (learn.microsoft.com/azure/azure-resource-manager/management/async-operations):
// the PUT or DELETE is accepted at once, and an operation resource reports InProgress until it ends
// Succeeded or Failed. Time is the simulator's clock: an operation lasts `durationMs` (0 in tests, so
// the first poll already sees it done), and its effect on the world applies when it ends, checked at
// the start of every request, so nothing depends on timers.
import { randomUUID } from 'node:crypto';
import type { FailedOperation } from './faults.js';

export interface Operation {
  id: string;
  subscriptionId: string;
  location: string;
  doneAt: number;
  failure: FailedOperation | undefined;
  /** Applied once, when the operation ends (succeeded or failed). */
  finish: (failure: FailedOperation | undefined) => void;
  finished: boolean;
}

export class Operations {
  private readonly all = new Map<string, Operation>();

  constructor(private readonly now: () => number) {}

  start(fields: Omit<Operation, 'id' | 'finished' | 'doneAt'> & { durationMs: number }): Operation {
    const operation: Operation = {
      id: randomUUID(),
      subscriptionId: fields.subscriptionId,
      location: fields.location,
      doneAt: this.now() + fields.durationMs,
      failure: fields.failure,
      finish: fields.finish,
      finished: false,
    };
    this.all.set(operation.id, operation);
    return operation;
  }

  get(id: string): Operation | undefined {
    return this.all.get(id.toLowerCase()) ?? [...this.all.values()].find((op) => op.id.toLowerCase() === id.toLowerCase());
  }

  /** End every operation whose time has come. */
  settle(): void {
    const now = this.now();
    for (const operation of this.all.values()) {
      if (!operation.finished && operation.doneAt <= now) {
        operation.finished = true;
        operation.finish(operation.failure);
      }
    }
  }

  /** Let time pass: every running operation ends now (e.g. after a client was interrupted). */
  finishAll(): void {
    for (const operation of this.all.values()) operation.doneAt = Math.min(operation.doneAt, this.now());
    this.settle();
  }

  pending(): Operation[] {
    return [...this.all.values()].filter((op) => !op.finished);
  }

  /** Seconds to wait before the next poll, as ARM's Retry-After says it (whole seconds, at least 1). */
  retryAfter(operation: Operation): string {
    return String(Math.max(1, Math.ceil((operation.doneAt - this.now()) / 1000)));
  }
}
