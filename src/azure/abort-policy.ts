// Ctrl-C reaches every Azure call. The SDK aborts a request only through the abortSignal of the
// operation that made it; this policy gives the command's signal to every request that has none, so
// the read phase (finding clusters and VNets) stops at once too. Calls that must outlive Ctrl-C (the
// report of what exists after an interrupted peering) pass a signal of their own and keep it.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export function abortPolicy(signal: AbortSignal): PipelinePolicy {
  return {
    name: 'kafkaAksAbortOnInterrupt',
    sendRequest(request, next) {
      request.abortSignal ??= signal;
      return next(request);
    },
  };
}
