// How Ambari speaks HTTP, independent of any resource: JSON bodies sent as text/plain, errors as
// {"status","message"}, request bodies parsed leniently (apache/ambari ambari-server/docs/api/v1/index.md
// "Errors"; api/services/parsers/JsonRequestBodyParser.java).
import type { ServerResponse } from 'node:http';
import type { JsonObject, JsonValue } from './query.js';

export class AmbariHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `The requested resource doesn't exist: ...` is the text Ambari puts before every 404 reason. */
export const notFound = (what: string) => new AmbariHttpError(404, `The requested resource doesn't exist: ${what}`);
export const badRequest = (message: string) => new AmbariHttpError(400, message);
export const serverError = (message: string) =>
  new AmbariHttpError(500, `An internal system exception occurred: ${message}`);

/** Ambari's @Produces(TEXT_PLAIN): the body is JSON, the content type is not. */
export function sendJson(response: ServerResponse, status: number, body: JsonValue | undefined): void {
  const text = body === undefined ? '' : JSON.stringify(body, null, 2);
  response.writeHead(status, {
    'Content-Type': 'text/plain',
    'Content-Length': Buffer.byteLength(text),
    // Ambari sets a session cookie on every authenticated answer; clients may ignore it.
    'Set-Cookie': 'AMBARISESSIONID=node0sim.node0;Path=/;HttpOnly',
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { status, message });
}

export interface RequestBodyItem {
  requestInfo: JsonObject;
  body: JsonObject;
}

/**
 * JsonRequestBodyParser: an object or an array of them; `RequestInfo` is split off; a `Body` wrapper
 * is stripped; `"A/b": v` equals `{"A":{"b":v}}`; every scalar becomes a string. Bad JSON → 400.
 */
export function parseRequestBody(text: string): RequestBodyItem[] {
  if (text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Invalid Request: Malformed Request Body.  An exception occurred parsing the request body: ${String(error)}`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw badRequest('Invalid Request: Malformed Request Body.');
    }
    const { RequestInfo, Body, ...rest } = item as Record<string, unknown>;
    const body = Body !== undefined && typeof Body === 'object' && Body !== null ? (Body as Record<string, unknown>) : rest;
    return {
      requestInfo: normalise(RequestInfo ?? {}) as JsonObject,
      body: normalise(body) as JsonObject,
    };
  });
}

function normalise(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) {
      const segments = key.split('/');
      let target = out;
      segments.slice(0, -1).forEach((segment) => {
        if (typeof target[segment] !== 'object' || target[segment] === null) target[segment] = {};
        target = target[segment] as JsonObject;
      });
      const last = segments[segments.length - 1]!;
      const normalised = normalise(inner);
      const existing = target[last];
      target[last] =
        typeof existing === 'object' && existing !== null && !Array.isArray(existing) && typeof normalised === 'object' && normalised !== null && !Array.isArray(normalised)
          ? { ...existing, ...normalised }
          : normalised;
    }
    return out;
  }
  if (value === null) return null;
  return String(value);
}
