// Flag values checked while parsing, so a bad value is a usage error (exit 2) before any network call.
// commander turns InvalidArgumentError into "error: option '--port <port>' argument 'x' is invalid. ...".
import { InvalidArgumentError } from '../commander.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('It must be a TCP port number (1-65535).');
  }
  return port;
}

export function parsePositiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('It must be a positive number.');
  return parsed;
}
