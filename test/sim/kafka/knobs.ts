// Faults a test can inject, each deterministic: delay responses, drop a connection when a request
// arrives, append a produced batch twice. And a stream of request events, so a test can act at an exact
// point of a run ("stop broker 1 when the first Produce reaches it") instead of sleeping. And the gate
// that says whether the network path to a broker is open at all (a simulated world wires it to its
// VNets, peerings and security rules).
import { EventEmitter } from 'node:events';
import type { ApiName } from './protocol/api-keys.js';

export interface RequestEvent {
  brokerId: number;
  api: ApiName | undefined;
  apiKey: number;
  version: number;
  clientId: string | null;
}

/** Which requests a knob applies to; an omitted field matches everything. */
export interface RequestMatch {
  brokerId?: number;
  api?: ApiName;
}

/** Whether clients can reach a broker's address over the network, and if not, why. */
export interface PathVerdict {
  open: boolean;
  reason?: string;
}

interface Delay extends RequestMatch {
  ms: number;
}

interface Countdown<T> {
  match: T;
  remaining: number;
}

export class FaultKnobs {
  private readonly delays: Delay[] = [];
  private readonly drops: Countdown<RequestMatch>[] = [];
  private readonly duplicates: Countdown<{ topic?: string }>[] = [];
  // No listener limit: the HDInsight world listens once per restarted broker until it catches up
  // (hdinsight-kafka.ts), so a 60-broker restart holds 60 at once, which is not a leak.
  private readonly events = new EventEmitter().setMaxListeners(0);

  /**
   * Is the path from clients to the broker at `brokerAddress`:`port` open? Asked for every new client
   * connection, and for every broker by KafkaSimulator.refreshPaths(), which makes a closed path drop
   * connection attempts as a blocked network does (black-holes.ts). Open by default; not a fault, so
   * reset() leaves it.
   */
  pathTo: (brokerAddress: string, port: number) => PathVerdict = () => ({ open: true });

  /** Every matching response waits `ms` first. Returns a function that removes this delay. */
  delayResponses(delay: Delay): () => void {
    this.delays.push(delay);
    return () => {
      const index = this.delays.indexOf(delay);
      if (index >= 0) this.delays.splice(index, 1);
    };
  }

  /** The next `times` matching requests close their connection instead of being answered. */
  dropConnectionOn(match: RequestMatch, times = 1): void {
    this.drops.push({ match, remaining: times });
  }

  /**
   * The next `times` produced batches (to `topic`, or any) are appended twice, at two offsets: what a
   * producer retry does when the first attempt was written but its acknowledgement was lost.
   */
  duplicateNextBatch(match: { topic?: string } = {}, times = 1): void {
    this.duplicates.push({ match, remaining: times });
  }

  onRequest(listener: (event: RequestEvent) => void): () => void {
    this.events.on('request', listener);
    return () => this.events.off('request', listener);
  }

  /** Clears every knob (not the listeners). */
  reset(): void {
    this.delays.length = 0;
    this.drops.length = 0;
    this.duplicates.length = 0;
  }

  // The brokers' side.

  requestArrived(event: RequestEvent): void {
    this.events.emit('request', event);
  }

  delayFor(event: RequestEvent): number {
    return this.delays.filter((d) => matches(d, event)).reduce((total, d) => total + d.ms, 0);
  }

  takeDrop(event: RequestEvent): boolean {
    return take(this.drops, (match) => matches(match, event));
  }

  takeDuplicate(topic: string): boolean {
    return take(this.duplicates, (match) => match.topic === undefined || match.topic === topic);
  }
}

function matches(match: RequestMatch, event: RequestEvent): boolean {
  return (match.brokerId === undefined || match.brokerId === event.brokerId) && (match.api === undefined || match.api === event.api);
}

function take<T>(countdowns: Countdown<T>[], predicate: (match: T) => boolean): boolean {
  const found = countdowns.find((c) => c.remaining > 0 && predicate(c.match));
  if (!found) return false;
  found.remaining -= 1;
  if (found.remaining === 0) countdowns.splice(countdowns.indexOf(found), 1);
  return true;
}
