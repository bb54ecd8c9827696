// ARM's error envelope: `{"error":{"code","message"}}` with the HTTP status ARM uses for each code.
// Codes and message shapes: https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors,
// the Virtual Network Peerings REST reference (CloudError), and the peering codes collected in
// kyma-project/cloud-manager pkg/kcp/provider/azure/meta/metadata.go.

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  envelope(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** ResourceNotFound as ARM words it for a missing resource in an existing group. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

/** The RBAC refusal (AuthorizationFailed): names the principal, the action and the scope. */
export function authorizationFailed(principal: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${principal}' with object id '${principal}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
