// Azure's naming rules for the names kafka-aks puts into ARM and Ambari paths, checked as flags are
// parsed. Encoding alone cannot keep a name in its path segment: encodeURIComponent (applied by the
// Azure SDKs to every name in a path, and by src/ambari/cluster.ts) leaves `.` and `..` as they are,
// and URL resolution then makes /clusters/.. the parent collection. A name Azure could not have
// created is a typo or worse, never a resource, so it is refused before any request.
// Source: "Naming rules and restrictions for Azure resources" (learn.microsoft.com, azure-resource-manager/
// management/resource-name-rules): Microsoft.HDInsight, Microsoft.Resources, Microsoft.ContainerService,
// Microsoft.Network.

export interface NameRule {
  pattern: RegExp;
  /** The rule in one sentence, as a refusal states it. */
  says: string;
}

/** clusters: 3-59, alphanumerics and hyphens, start and end with a letter or number. */
export const hdinsightClusterName: NameRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,57}[A-Za-z0-9]$/,
  says: 'HDInsight cluster names are 3-59 letters, digits and hyphens, starting and ending with a letter or digit.',
};

/**
 * resourcegroups: 1-90; underscores, hyphens, periods, parentheses, and letters or digits as .NET's
 * Char.IsLetterOrDigit has them (Unicode categories Lu, Ll, Lt, Lm, Lo and Nd); can't end with a period.
 */
export const resourceGroupName: NameRule = {
  pattern: /^[-_.()\p{L}\p{Nd}]{0,89}[-_()\p{L}\p{Nd}]$/u,
  says: 'Resource group names are 1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.',
};

/**
 * The start of a peering's name, `<prefix>-to-<remote vnet>` (virtualNetworkPeerings: 1-80, alphanumerics,
 * underscores, periods and hyphens, starting with an alphanumeric): the prefix leaves room for "-to-" and
 * a one-character VNet name. peeringName() checks the whole name once the VNet is known.
 */
export const peeringPrefix: NameRule = {
  pattern: /^[A-Za-z0-9][\w.-]{0,74}$/,
  says: 'A peering prefix is 1-75 letters, digits, "_", "." and "-", starting with a letter or digit.',
};

/** managedClusters: 1-63, alphanumerics, underscores and hyphens, start and end with alphanumeric. */
export const aksClusterName: NameRule = {
  pattern: /^[A-Za-z0-9](?:[\w-]{0,61}[A-Za-z0-9])?$/,
  says: 'AKS cluster names are 1-63 letters, digits, underscores and hyphens, starting and ending with a letter or digit.',
};

/** virtualNetworks: 2-64, alphanumerics, underscores, periods and hyphens; start alphanumeric, end alphanumeric or underscore. */
export const virtualNetworkName: NameRule = {
  pattern: /^[A-Za-z0-9][\w.-]{0,62}\w$/,
  says: 'Virtual network names are 2-64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with one or an underscore.',
};

export const subscriptionId: NameRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  says: 'Subscription ids are GUIDs (`az account list -o table` lists them).',
};
