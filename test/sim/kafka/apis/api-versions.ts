// ApiVersions (key 18): the versions this broker speaks (protocol/api-keys.ts). Response v0:
// error_code, api_keys[api_key, min_version, max_version]; v1+ appends throttle_time_ms
// (apache/kafka ApiVersionsResponse.json; tulios/kafkajs src/protocol/requests/apiVersions/v0..v2).
import { ApiKey, supportedVersions, type ApiName } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ApiHandler } from '../request-context.js';

const allApis = (Object.keys(supportedVersions) as ApiName[]).map((name) => ({ key: ApiKey[name], ...supportedVersions[name] }));

export const apiVersions: ApiHandler = (ctx) => {
  const out = new ByteWriter().int16(ErrorCode.NONE);
  out.array(allApis, (w, api) => w.int16(api.key).int16(api.min).int16(api.max));
  if (ctx.version >= 1) out.int32(0);
  return out;
};

/**
 * A client asking with a newer ApiVersions than ours (librdkafka 2.0 starts with v3) gets what Kafka
 * sends (KIP-511, ApiVersionsRequest.getErrorResponse): a v0 response with UNSUPPORTED_VERSION and the
 * ApiVersions range alone, so it retries with a version both sides know.
 */
export function unsupportedApiVersionsResponse(): ByteWriter {
  const range = supportedVersions.ApiVersions;
  return new ByteWriter()
    .int16(ErrorCode.UNSUPPORTED_VERSION)
    .array([range], (w, r) => w.int16(ApiKey.ApiVersions).int16(r.min).int16(r.max));
}
