// --verbose for Azure: one line per HTTP attempt (method, URL, status, time), as the Ambari client
// prints for its calls. Added after the retry policy, so a throttled call shows each 429 it met. URLs
// of ARM carry no secrets; bodies (a gateway password, tokens) are never printed, and the Reporter
// redacts every line it writes in any case.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { Progress } from '../context.js';

export function tracePolicy(progress: Progress): PipelinePolicy {
  return {
    name: 'kafkaAksTrace',
    async sendRequest(request, next) {
      const started = Date.now();
      try {
        const response = await next(request);
        progress.debug(`${request.method} ${request.url} → ${response.status} (${Date.now() - started} ms)`);
        return response;
      } catch (error) {
        const code = (error as { code?: string; statusCode?: number }).statusCode ?? (error as { code?: string }).code ?? 'error';
        progress.debug(`${request.method} ${request.url} → ${code} (${Date.now() - started} ms)`);
        throw error;
      }
    },
  };
}
