// ARM's errors as the SDK throws them → one sentence with ARM's code and the exit code of src/errors.ts.
import { describe, expect, it } from 'vitest';
import { fromArmError, type Doing } from '../../src/azure/arm-errors.js';
import { KafkaAksError } from '../../src/errors.js';

const restError = (statusCode: number, code: string, message: string) =>
  Object.assign(new Error(message), { name: 'RestError', statusCode, code });
const doing: Doing = { what: 'Creating peering p on VNet v' };
const translate = (error: unknown, d: Doing = doing) => fromArmError(error, d) as KafkaAksError;

describe('ARM errors', () => {
  it('AuthorizationFailed → exit 5 naming the permission and the scope', () => {
    const error = translate(
      restError(403, 'AuthorizationFailed', "The client 'c' with object id 'c' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write' over scope '/subscriptions/s/x' or the scope is invalid."),
    );
    expect(error.exitCode).toBe(5);
    expect(error.message).toBe(
      'Creating peering p on VNet v was refused: the signed-in identity lacks the permission Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write on /subscriptions/s/x (AuthorizationFailed).',
    );
  });

  it('ResourceNotFound → exit 3 with the sentence naming the resource', () => {
    const error = translate(restError(404, 'ResourceNotFound', 'The Resource ... was not found.'), {
      what: 'Reading AKS cluster a',
      notFound: { message: 'AKS cluster a was not found in resource group r', hint: 'Check --aks.' },
    });
    expect([error.exitCode, error.message, error.hint]).toEqual([3, 'AKS cluster a was not found in resource group r (ResourceNotFound).', 'Check --aks.']);
  });

  it("a failed long-running operation (a plain Error) → exit 1 with ARM's code and message", () => {
    const error = translate(new Error('The long-running operation has failed. InternalServerError. Something broke inside.'));
    expect([error.exitCode, error.message]).toEqual([1, 'Creating peering p on VNet v failed in Azure: Something broke inside (InternalServerError).']);
  });

  it("ARM's refusals of the input → exit 2", () => {
    expect(translate(restError(400, 'VnetAddressSpacesOverlap', 'Cannot create or update peering.')).exitCode).toBe(2);
  });

  it('leaves Ctrl-C and bugs alone', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(fromArmError(abort, doing)).toBe(abort);
    const bug = new TypeError('x is undefined');
    expect(fromArmError(bug, doing)).toBe(bug);
  });
});
