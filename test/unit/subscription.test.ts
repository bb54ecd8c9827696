// Which subscription the Azure commands act in: the flag, then AZURE_SUBSCRIPTION_ID, then the Azure
// CLI's default, as an operator who already ran `az login` expects.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSubscription } from '../../src/azure/subscription.js';
import { createContext } from '../../src/context.js';
import { createReporter } from '../../src/output/reporter.js';

/** The Context carries the Reporter; these tests print nothing. */
const quiet = await createReporter({ mode: 'human', verbose: false, quiet: true });

/** The whole chain: the Context reads the flag and the environment, then the subscription is resolved. */
function resolveFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const ctx = createContext({ subscription: flag }, quiet, env);
  return resolveSubscription(ctx.subscriptionChoice, ctx.azureConfigDir);
}

const A = '11111111-1111-1111-1111-111111111111';
const B = '22222222-2222-2222-2222-222222222222';
const C = '33333333-3333-3333-3333-333333333333';

/** An Azure CLI config dir with azureProfile.json, written with the BOM the CLI writes. */
function azureConfigDir(subscriptions: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-aks-az-'));
  writeFileSync(join(dir, 'azureProfile.json'), `\uFEFF${JSON.stringify({ installationId: 'x', subscriptions })}`);
  return dir;
}

describe('subscription resolution', () => {
  const profile = azureConfigDir([
    { id: B, name: 'Dev', isDefault: false, state: 'Enabled' },
    { id: C, name: 'Production', isDefault: true, state: 'Enabled' },
  ]);

  it('--subscription wins over everything', () => {
    expect(resolveFrom(A, { AZURE_SUBSCRIPTION_ID: B, AZURE_CONFIG_DIR: profile })).toBe(A);
  });

  it('then AZURE_SUBSCRIPTION_ID', () => {
    expect(resolveFrom(undefined, { AZURE_SUBSCRIPTION_ID: B, AZURE_CONFIG_DIR: profile })).toBe(B);
  });

  it("then the Azure CLI profile's default, despite the file's byte order mark (AZURE_CONFIG_DIR honoured)", () => {
    expect(resolveFrom(undefined, { AZURE_CONFIG_DIR: profile })).toBe(C);
  });

  it('reads ~/.azure when AZURE_CONFIG_DIR is not set', () => {
    const home = mkdtempSync(join(tmpdir(), 'kafka-aks-home-'));
    const dir = join(home, '.azure');
    mkdirSync(dir);
    writeFileSync(join(dir, 'azureProfile.json'), JSON.stringify({ subscriptions: [{ id: A, isDefault: true }] }));
    expect(resolveFrom(undefined, { HOME: home })).toBe(A);
  });

  it('accepts a subscription name from the profile, as az does', () => {
    expect(resolveFrom('Dev', { AZURE_CONFIG_DIR: profile })).toBe(B);
  });

  it('says how to choose one when there is none', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kafka-aks-none-'));
    expect(() => resolveFrom(undefined, { AZURE_CONFIG_DIR: empty })).toThrowError(
      expect.objectContaining({
        kind: 'usage',
        message: 'No Azure subscription was chosen.',
        hint: expect.stringContaining('--subscription'),
      }),
    );
  });

  it('rejects an unknown name with a usage error rather than sending it to ARM', () => {
    expect(() => resolveFrom('Nope', { AZURE_CONFIG_DIR: profile })).toThrowError(/is not a subscription id/);
  });
});
