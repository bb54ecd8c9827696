// Ambari answers JSON as text/plain. Nothing it sends is trusted before these checks: a payload of the
// wrong shape becomes one clear error, not a TypeError three layers up.
import { operationFailed } from '../errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shapeError(what: string, where: string): Error {
  return operationFailed(`Ambari sent an unexpected answer for ${where}: ${what}.`, {
    hint: 'Check that --ambari-url points at Ambari 2.6 or later; run with --verbose to see the calls.',
  });
}

export function objectAt(value: unknown, key: string, where: string): JsonObject {
  const found = isObject(value) ? value[key] : undefined;
  if (!isObject(found)) throw shapeError(`"${key}" is not an object`, where);
  return found;
}

export function itemsOf(value: unknown, where: string): JsonObject[] {
  const items = isObject(value) ? value.items : undefined;
  if (!Array.isArray(items) || !items.every(isObject)) throw shapeError('"items" is not a list of objects', where);
  return items as JsonObject[];
}

export function stringAt(value: unknown, key: string, where: string): string {
  const found = isObject(value) ? value[key] : undefined;
  if (typeof found !== 'string') throw shapeError(`"${key}" is not a string`, where);
  return found;
}

export function optionalString(value: unknown, key: string): string | undefined {
  const found = isObject(value) ? value[key] : undefined;
  return typeof found === 'string' ? found : undefined;
}

/** Ambari writes counters as numbers but reads every scalar as a string; accept both. */
export function numberAt(value: unknown, key: string, where: string): number {
  const found = isObject(value) ? value[key] : undefined;
  const parsed = typeof found === 'string' ? Number(found) : found;
  if (typeof parsed !== 'number' || Number.isNaN(parsed)) throw shapeError(`"${key}" is not a number`, where);
  return parsed;
}

export function booleanAt(value: unknown, key: string): boolean | undefined {
  const found = isObject(value) ? value[key] : undefined;
  if (typeof found === 'boolean') return found;
  if (found === 'true' || found === 'false') return found === 'true';
  return undefined;
}
