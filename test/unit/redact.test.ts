import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../../src/output/redact.js';

describe('redaction of everything the output layer writes', () => {
  it('masks a registered secret, raw and as it travels in a basic-auth header', () => {
    registerSecret('S3cret-Pass');
    const header = Buffer.from('S3cret-Pass').toString('base64');
    expect(redact(`password S3cret-Pass and ${header}`)).toBe('password *** and ***');
  });

  it('masks authorization headers and credentials in URLs by shape', () => {
    expect(redact('Authorization: Basic YWRtaW46cGFzcw==')).toBe('Authorization: Basic ***');
    expect(redact('{"authorization":"Bearer eyJ0eXAi.abc.def"}')).toBe('{"authorization":"Bearer ***"}');
    expect(redact('https://admin:pw@host/api')).toBe('https://***@host/api');
  });
});
