// ApiVersions (key 18): the versions this broker speaks (protocol/api-keys.ts). apache/kafka
// ApiVersionsRequest.json / ApiVersionsResponse.json; tulios/kafkajs src/protocol/requests/apiVersions/v0..v2.
//   Request v3+: client_software_name, client_software_version (KIP-511)
//   Response: error_code, api_keys[api_key, min_version, max_version], throttle_time_ms (v1+); v3 is
//     flexible (its tagged SupportedFeatures/FinalizedFeatures are left out: no features are simulated)
import { ApiKey, supportedVersions, type ApiName } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ByteWriter } from '../protocol/writer.js';
import { writerFor, type ApiHandler } from '../request-context.js';

const allApis = (Object.keys(supportedVersions) as ApiName[]).map((name) => ({ key: ApiKey[name], ...supportedVersions[name] }));

/** ApiVersionsRequest.isValid (KIP-511): both names must match this, else INVALID_REQUEST. */
const SOFTWARE_NAME_OR_VERSION = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export const apiVersions: ApiHandler = (ctx, body) => {
  const valid = ctx.version < 3 || [body.string(), body.string()].every((name) => SOFTWARE_NAME_OR_VERSION.test(name));
  const out = writerFor(ctx).int16(valid ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST);
  out.array(valid ? allApis : [], (w, api) => w.int16(api.key).int16(api.min).int16(api.max).taggedFields());
  if (ctx.version >= 1) out.int32(0);
  return out.taggedFields();
};

/**
 * A client asking with a newer ApiVersions than ours gets what Kafka sends (KIP-511,
 * ApiVersionsRequest.getErrorResponse): a v0 response with UNSUPPORTED_VERSION and the ApiVersions
 * range alone, so it retries with a version both sides know.
 */
export function unsupportedApiVersionsResponse(): ByteWriter {
  const range = supportedVersions.ApiVersions;
  return new ByteWriter()
    .int16(ErrorCode.UNSUPPORTED_VERSION)
    .array([range], (w, r) => w.int16(ApiKey.ApiVersions).int16(r.min).int16(r.max));
}
