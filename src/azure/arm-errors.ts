// What ARM said, turned into one sentence with ARM's own error code and the exit code of src/errors.ts.
// Two shapes reach us: a RestError (`.statusCode`, `.code`, `.message` = ARM's error.message;
// @azure/core-rest-pipeline) for a refused request, and a plain Error "The long-running operation has
// failed. <code>. <message>" (@azure/core-lro src/poller/operation.ts) for a long-running operation
// that ended Failed. Throttling and transient 5xx never get here: the SDK's own retry policy has
// already retried them.
import { refusedCertificate } from '../certificate-refused.js';
import { authError, isKafkaAksError, notFoundError, operationFailed, usageError, type KafkaAksError } from '../errors.js';

export interface ArmFailure {
  code: string | undefined;
  statusCode: number | undefined;
  message: string;
  /** True for a long-running operation that ended Failed. */
  operation: boolean;
}

const LRO_FAILED = /^The long-running operation has failed\. (\w+)\. ([\s\S]*)$/;

/** ARM's code, status and message from an SDK error, if it is one. */
export function armFailureOf(error: unknown): ArmFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const lro = LRO_FAILED.exec(error.message);
  if (lro) return { code: lro[1], statusCode: undefined, message: lro[2]!.trim(), operation: true };
  if (error.name !== 'RestError') return undefined;
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    statusCode: typeof statusCode === 'number' ? statusCode : undefined,
    message: error.message,
    operation: false,
  };
}

/** ARM's refusals of a peering that mean "this input cannot work" (exit 2), not "Azure failed". */
const INPUT_CODES = new Set([
  'VnetAddressSpacesOverlap',
  'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
  'AnotherPeeringAlreadyReferencesRemoteVnet',
  'RemotePeeringIsDisconnected',
  'InvalidResourceName',
  'RemoteVnetHasNoGateways',
]);
const NOT_FOUND_CODES = new Set(['ResourceNotFound', 'ResourceGroupNotFound', 'SubscriptionNotFound', 'NotFound']);
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationError', 'AuthenticationRequiredError']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);

export interface Doing {
  /** What we were doing, as the start of a sentence: "Reading AKS cluster aks1 in resource group rg". */
  what: string;
  /** For a 404: the sentence naming what is missing, and what to do. */
  notFound?: { message: string; hint: string };
  /** For a refused permission: what grants it, when the generic "a role that grants it" says too little. */
  refusedHint?: string;
}

/** Any error from an ARM call → a KafkaAksError, or the error itself when it is not ARM's (a bug, Ctrl-C). */
export function fromArmError(error: unknown, doing: Doing): unknown {
  if (isKafkaAksError(error) || (error instanceof Error && error.name === 'AbortError')) return error;
  if (error instanceof Error && CREDENTIAL_ERRORS.has(error.name)) {
    // DefaultAzureCredential wraps each link's refusal in an AggregateAuthenticationError's `errors`.
    const inner = (error as { errors?: unknown }).errors;
    const reason = Array.isArray(inner) && inner[0] instanceof Error ? inner[0].message : error.message;
    return authError(`${doing.what}: no Azure credential could be used (${error.name}). ${firstLine(reason)}.`, {
      hint: 'Sign in with `az login`, or set the AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET of a service principal.',
      cause: error,
    });
  }
  // The SDK throws a refused certificate as a RestError with the TLS code and no status: not ARM's answer.
  const certificate = refusedCertificate(error, 'KAFKA_AKS_ARM_ENDPOINT');
  if (certificate) {
    return operationFailed(`${doing.what}: Azure Resource Manager ${certificate.problem}.`, { hint: certificate.hint, cause: error });
  }
  const failure = armFailureOf(error);
  if (!failure) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && UNREACHABLE.has(code)) {
      return operationFailed(`${doing.what}: Azure Resource Manager could not be reached (${code}).`, {
        hint: 'Check the network and proxy settings, and KAFKA_AKS_ARM_ENDPOINT if it is set.',
        cause: error,
      });
    }
    return error;
  }
  return classify(failure, doing, error);
}

function classify(failure: ArmFailure, doing: Doing, cause: unknown): KafkaAksError {
  const code = failure.code ?? `HTTP ${failure.statusCode ?? '?'}`;
  const said = `${firstLine(failure.message)} (${code})`;
  const details = { armCode: failure.code, statusCode: failure.statusCode };
  if (failure.code === 'AuthorizationFailed' || failure.code === 'LinkedAuthorizationFailed' || failure.statusCode === 403) {
    const action = /action '([^']+)'/.exec(failure.message)?.[1];
    const scope = /scope(?:\(s\))? '([^']+)'/.exec(failure.message)?.[1];
    return authError(
      action
        ? `${doing.what} was refused: the signed-in identity lacks the permission ${action}${scope ? ` on ${scope}` : ''} (${code}).`
        : `${doing.what} was refused: ${said}.`,
      {
        hint:
          doing.refusedHint ??
          (action
            ? `Ask an owner for a role that grants ${action} on that scope (Network Contributor on both virtual networks covers peering), or sign in as an identity that has it.`
            : 'Check the role assignments of the identity you signed in with.'),
        details: { ...details, permission: action, scope },
        cause,
      },
    );
  }
  if (failure.statusCode === 401) {
    return authError(`${doing.what} was refused by Azure: ${said}.`, {
      hint: 'Sign in again with `az login`, in the tenant that holds the subscription.',
      details,
      cause,
    });
  }
  if (failure.statusCode === 404 || (failure.code !== undefined && NOT_FOUND_CODES.has(failure.code))) {
    return notFoundError(doing.notFound ? `${doing.notFound.message} (${code}).` : `${doing.what}: ${said}.`, {
      hint: doing.notFound?.hint ?? 'Check the names, the resource group and the subscription (--subscription).',
      details,
      cause,
    });
  }
  if (failure.code !== undefined && INPUT_CODES.has(failure.code)) {
    return usageError(`${doing.what} was refused by Azure: ${said}.`, { details, cause });
  }
  return operationFailed(
    failure.operation ? `${doing.what} failed in Azure: ${said}.` : `${doing.what} failed: Azure answered ${said}.`,
    { hint: 'Run the command again; if it fails the same way, the message above is ARM\'s own.', details, cause },
  );
}

/** Run one ARM call (or a few that form one step) and translate what it throws. */
export async function armCall<T>(doing: Doing, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromArmError(error, doing);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim().replace(/\.$/, '');
}
