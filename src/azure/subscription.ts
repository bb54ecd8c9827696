// Which subscription the ARM clients act in: --subscription, else AZURE_SUBSCRIPTION_ID, else the
// Azure CLI's default (`az account show`). Reading the CLI's profile file is instant where spawning
// `az` costs 0.6-1.6 s (measured; az's start-up overhead: Azure/azure-cli#4477).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';
import { subscriptionId } from './names.js';

export interface ProfileSubscription {
  id: string;
  name?: string;
  isDefault?: boolean;
}

/** `chosen`: --subscription, else AZURE_SUBSCRIPTION_ID (Context.subscriptionChoice); `configDir`: the Azure CLI's folder. */
export function resolveSubscription(chosen: string | undefined, configDir: string): string {
  if (chosen !== undefined) return subscriptionId.pattern.test(chosen) ? chosen : subscriptionNamed(chosen, configDir);
  const fromProfile = readProfile(configDir).find((subscription) => subscription.isDefault);
  if (fromProfile) return fromProfile.id;
  throw usageError('No Azure subscription was chosen.', {
    hint: 'Pass --subscription <id>, set AZURE_SUBSCRIPTION_ID, or pick a default with `az account set --subscription <id>`.',
  });
}

/** The Azure CLI accepts a subscription's name where an id is expected; so do we, through its profile. */
function subscriptionNamed(name: string, configDir: string): string {
  const match = readProfile(configDir).find((subscription) => subscription.name === name);
  if (match) return match.id;
  throw usageError(`"${name}" is not a subscription id, nor the name of a subscription in the Azure CLI profile.`, {
    hint: 'Pass the subscription id (a GUID); `az account list -o table` lists them.',
  });
}

/** `azureProfile.json` in the Azure CLI's folder; absent or unreadable means "no profile". */
function readProfile(dir: string): ProfileSubscription[] {
  let text: string;
  try {
    text = readFileSync(join(dir, 'azureProfile.json'), 'utf8');
  } catch {
    return [];
  }
  // The Azure CLI writes this file with a UTF-8 byte order mark (Azure/azure-cli#13980).
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw usageError(`The Azure CLI profile ${join(dir, 'azureProfile.json')} is not valid JSON.`, {
      hint: 'Run `az login` again, or pass --subscription <id>.',
    });
  }
  const list = (parsed as { subscriptions?: unknown }).subscriptions;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (entry): entry is ProfileSubscription =>
      typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string',
  );
}
