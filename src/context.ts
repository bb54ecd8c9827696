// Global options + environment -> Context: what every command needs before it talks to anything.
// Nothing here loads the Azure SDK or kafkajs; those are imported lazily by the commands that use them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { clouds, isCloudName, type Cloud } from './clouds.js';
import type { Reporter } from './output/reporter.js';
import { usageError } from './errors.js';

/**
 * How the domain (src/azure, src/ambari, src/kafka) reports progress on long waits without printing.
 * Implemented by src/output; the domain only ever sees this interface.
 */
export interface Progress {
  /** A long wait begins: a spinner on a TTY, one line otherwise. */
  begin(text: string): void;
  /** The current wait moves on (percent done, brokers restarted of total). */
  update(text: string): void;
  /** The current wait ended well. */
  succeed(text?: string): void;
  /** The current wait ended badly (the error itself is rendered by the CLI). */
  fail(text?: string): void;
  /** Something the operator should know that is not the result. */
  warn(text: string): void;
  /** A --verbose trace line: HTTP method, URL and status. Secrets are redacted by the implementation. */
  debug(text: string): void;
}

/** A Progress that says nothing: for library use and unit tests of the domain. */
export const silentProgress: Progress = {
  begin() {},
  update() {},
  succeed() {},
  fail() {},
  warn() {},
  debug() {},
};

export interface GlobalOptions {
  subscription?: string;
  cloud?: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export type OutputMode = 'human' | 'json';

/**
 * What every command needs before it talks to anything. Every environment variable kafka-aks reads is
 * read here, once; nothing below reads process.env.
 */
export interface Context {
  cloud: Cloud;
  /**
   * The subscription asked for: `--subscription`, else AZURE_SUBSCRIPTION_ID (an id or a name). Resolved
   * lazily, against the Azure CLI profile when absent (only Azure commands need one): src/azure/subscription.ts.
   */
  subscriptionChoice: string | undefined;
  /** The Azure CLI's folder (AZURE_CONFIG_DIR, else ~/.azure): its profile names the default subscription. */
  azureConfigDir: string;
  /** AMBARI_PASSWORD: the cluster login password, when the operator exported it. */
  ambariPassword: string | undefined;
  /** KAFKA_AKS_ARM_ENDPOINT: private deployments and the ARM simulator. */
  armEndpointOverride: string | undefined;
  /** KAFKA_AKS_AMBARI_URL: an SSH tunnel, a private endpoint, the Ambari simulator (--ambari-url wins). */
  ambariUrlOverride: string | undefined;
  /** Where everything the command says goes; the domain sees it as its Progress. */
  reporter: Reporter;
  /** Aborted by Ctrl-C: long waits stop, clean up and say what state they leave. */
  signal: AbortSignal;
}

export function createContext(
  options: GlobalOptions,
  reporter: Reporter,
  env: NodeJS.ProcessEnv = process.env,
  signal: AbortSignal = new AbortController().signal,
): Context {
  // Node turns off certificate checks for every TLS connection of the process when this is exactly '0'
  // (https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue), and kafka-aks sends the Ambari
  // password and Azure tokens over them. Refused here, before the first call, rather than warned about.
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw usageError('NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks, and kafka-aks does not run without them.', {
      hint: 'Unset NODE_TLS_REJECT_UNAUTHORIZED; to trust a private CA, set NODE_EXTRA_CA_CERTS=<ca.pem> instead.',
    });
  }
  const armEndpointOverride = nonEmpty(env.KAFKA_AKS_ARM_ENDPOINT);
  // The Azure SDK's bearer-token policy refuses any non-https URL, loopback included (Azure/azure-sdk-for-js
  // sdk/core/core-rest-pipeline/src/policies/bearerTokenAuthenticationPolicy.ts): say so here rather than
  // fail inside the SDK.
  if (armEndpointOverride !== undefined && !/^https:\/\/[^/]/i.test(armEndpointOverride)) {
    throw usageError(`KAFKA_AKS_ARM_ENDPOINT is "${armEndpointOverride}", not an https:// URL: Azure tokens are only ever sent over TLS.`, {
      hint: 'Set it to the https:// address of the Resource Manager endpoint (for a local simulator, trust its CA with NODE_EXTRA_CA_CERTS), or unset it.',
    });
  }
  const cloudName = options.cloud ?? 'AzureCloud';
  if (!isCloudName(cloudName)) {
    throw usageError(`Unknown cloud "${cloudName}".`, {
      hint: `Use one of: ${Object.keys(clouds).join(', ')}.`,
    });
  }
  return {
    cloud: clouds[cloudName],
    subscriptionChoice: nonEmpty(options.subscription) ?? nonEmpty(env.AZURE_SUBSCRIPTION_ID),
    azureConfigDir: nonEmpty(env.AZURE_CONFIG_DIR) ?? join(env.HOME ?? homedir(), '.azure'),
    // Not trimmed: a password may end in a space.
    ambariPassword: env.AMBARI_PASSWORD === '' ? undefined : env.AMBARI_PASSWORD,
    armEndpointOverride,
    ambariUrlOverride: nonEmpty(env.KAFKA_AKS_AMBARI_URL),
    reporter,
    signal,
  };
}

/** An environment variable or flag that is set to something: unset, empty and blank all mean "not given". */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
