// Fault knobs: what goes wrong on the next matching requests. Each knob is consumed as it fires, so a
// test reads as "the next peering PUT is throttled once, then works".
import { ArmError } from './errors.js';

export interface RequestMatch {
  /** HTTP method, e.g. 'PUT'. Any when omitted. */
  method?: string;
  /** A case-insensitive piece of the path (e.g. '/virtualNetworkPeerings/'). Any when omitted. */
  pathIncludes?: string;
}

interface Armed extends RequestMatch {
  remaining: number;
  error: (context: { subscriptionId: string; principal: string }) => ArmError;
}

export interface DeniedAction {
  /** Requests under this resource id (a prefix, case-insensitive) are refused. */
  scope: string;
  /** Only this action (e.g. 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write'); any when omitted. */
  action?: string;
}

export interface FailedOperation {
  code: string;
  message: string;
}

export class Faults {
  private readonly armed: Armed[] = [];
  readonly denied: DeniedAction[] = [];
  private readonly failedOperations: { match: RequestMatch; outcome: FailedOperation }[] = [];

  /**
   * 429 with Retry-After, as ARM throttles a subscription (code SubscriptionRequestsThrottled;
   * learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
   * The SDK's throttling policy waits exactly Retry-After and retries; 0 keeps tests fast.
   */
  throttle(options: RequestMatch & { times?: number; retryAfterSeconds?: number } = {}): void {
    const seconds = options.retryAfterSeconds ?? 0;
    this.armed.push({
      ...options,
      remaining: options.times ?? 1,
      error: ({ subscriptionId, principal }) =>
        new ArmError(
          429,
          'SubscriptionRequestsThrottled',
          `Number of 'read' requests for subscription '${subscriptionId}' actor '${principal}' exceeded. Please try again after '${seconds}' seconds after additional tips.`,
          { 'Retry-After': String(seconds), 'x-ms-ratelimit-remaining-subscription-reads': '0' },
        ),
    });
  }

  /** A transient 500, which the SDK's exponential retry policy retries (about a second later). */
  serverError(options: RequestMatch & { times?: number } = {}): void {
    this.armed.push({
      ...options,
      remaining: options.times ?? 1,
      error: ({ subscriptionId }) =>
        new ArmError(
          500,
          'InternalServerError',
          `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', subscription id '${subscriptionId}', tracking id '00000000-0000-0000-0000-000000000500'.`,
        ),
    });
  }

  /** AuthorizationFailed (403) for requests under a resource id. */
  deny(denied: DeniedAction): void {
    this.denied.push(denied);
  }

  /** The next long-running operation that matches is accepted, then ends Failed with this error. */
  failNextOperation(outcome: FailedOperation, match: RequestMatch = {}): void {
    this.failedOperations.push({ match, outcome });
  }

  /** The armed error for this request, if one fires. */
  take(method: string, path: string, context: { subscriptionId: string; principal: string }): ArmError | undefined {
    const index = this.armed.findIndex((armed) => armed.remaining > 0 && matches(armed, method, path));
    if (index < 0) return undefined;
    const armed = this.armed[index]!;
    armed.remaining -= 1;
    return armed.error(context);
  }

  deniedAction(path: string, action: string): boolean {
    return this.denied.some(
      (d) => path.toLowerCase().startsWith(d.scope.toLowerCase()) && (!d.action || d.action.toLowerCase() === action.toLowerCase()),
    );
  }

  takeOperationFailure(method: string, path: string): FailedOperation | undefined {
    const index = this.failedOperations.findIndex(({ match }) => matches(match, method, path));
    if (index < 0) return undefined;
    return this.failedOperations.splice(index, 1)[0]!.outcome;
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.pathIncludes && !path.toLowerCase().includes(match.pathIncludes.toLowerCase())) return false;
  return true;
}
