// The gate in front of every test that needs kcat (test/support/kcat.ts): run where kcat is, skip with a
// note on a machine with only Node, fail in CI, where .ci/run installs kcat and a skip would hide a gap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kcatOnPath, kcatVerdict } from '../support/kcat.js';

describe('the kcat gate', () => {
  it('runs the kcat tests wherever kcat is, in CI or not', () => {
    expect(kcatVerdict(true, {})).toBe('run');
    expect(kcatVerdict(true, { CI: 'true' })).toBe('run');
  });

  it('without kcat, skips them on a developer machine and fails them in CI', () => {
    expect(kcatVerdict(false, {})).toBe('skip');
    expect(kcatVerdict(false, { CI: '' })).toBe('skip');
    expect(kcatVerdict(false, { CI: 'false' })).toBe('skip');
    expect(kcatVerdict(false, { CI: '0' })).toBe('skip');
    expect(kcatVerdict(false, { CI: 'true' })).toBe('fail');
    expect(kcatVerdict(false, { CI: '1' })).toBe('fail');
  });

  it('finds no kcat on a PATH without it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kafka-aks-no-kcat-'));
    try {
      expect(kcatOnPath({ PATH: empty })).toBe(false);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});
