// Waiting on the kafkajs client within the run's deadline: its calls take no AbortSignal, so we stop
// waiting for them instead (and disconnect afterwards, which ends their retries).
import { operationFailed, type KafkaAksError } from '../errors.js';

/** Resolves as `work` does, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** Waits for cleanup at most `ms`, whatever it does: cleanup must never stretch a run past its bound. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when the signal fired because its time ran out (AbortSignal.timeout), not because of Ctrl-C. */
export function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/** The error for a run stopped by --timeout: which stage was waiting, and what the client last complained of. */
export function ranOutOfTime(stage: string, clientError: string | undefined): KafkaAksError {
  return operationFailed(
    `Ran out of time (--timeout) while ${stage}${clientError ? `; the Kafka client's last error: ${clientError}` : ''}.`,
    { hint: 'Check that every broker is up (kafka-aks brokers --cluster <name>); give a slow cluster more time with --timeout.' },
  );
}

/** Rethrows an abort as what it means: --timeout ran out (exit 1, naming the stage), or Ctrl-C. */
export function explainAbort(error: unknown, signal: AbortSignal, stage: string, clientError: string | undefined): unknown {
  if (!signal.aborted) return error;
  return isTimeout(signal.reason) ? ranOutOfTime(stage, clientError) : signal.reason;
}

/**
 * A signal that aborts on the parent's abort (Ctrl-C) or after `ms` with a TimeoutError. Made by hand:
 * a Node 20 AbortSignal.any() over AbortSignal.timeout() can lose the timeout to garbage collection and
 * never fire (nodejs/node#48951). `clear()` stops the timer once the run is over.
 */
export function deadlineSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')),
    ms,
  );
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}
