// Kubernetes' rules for the names kafka-aks puts into kubectl commands (kubernetes.io "Object Names and
// IDs"): checked as flags are parsed, so a name the API server would refuse never costs a run command.
import type { NameRule } from '../azure/names.js';

/** Namespaces are RFC 1123 labels: 1-63 lower-case letters, digits and hyphens, alphanumeric at both ends. */
export const namespaceName: NameRule = {
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  says: 'Kubernetes namespaces are 1-63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.',
};

/** ConfigMap names are DNS subdomains: at most 253 of lower-case letters, digits, '-' and '.', alphanumeric at both ends. */
export const configMapName: NameRule = {
  // A DNS-1123 subdomain (kubernetes/apimachinery validation.go): dot-separated labels, each starting and
  // ending with a letter or digit, so 'a..b' and 'a.-b' are refused as the API server refuses them.
  pattern: /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/,
  says: "ConfigMap names are at most 253 lower-case letters, digits, '-' and '.', in dot-separated parts that each start and end with a letter or digit.",
};

/** An image reference as kubectl takes it: registry/repository:tag or @digest, no spaces or shell syntax. */
export const imageReference: NameRule = {
  pattern: /^[a-z0-9][a-z0-9._\-/:@]{0,254}$/i,
  says: 'An image is [registry/]repository[:tag|@sha256:digest], e.g. myregistry.azurecr.io/kcat:1.7.1.',
};
