// The AKS run command (ManagedClusters_RunCommand, ManagedClusters_GetCommandResult), as `az aks command
// invoke` and the SDK's beginRunCommandAndWait use it (Location polling: @azure/core-lro src/http/operation.ts):
//  - POST .../managedClusters/{name}/runCommand {command, context, clusterToken} → 202, no body,
//    `Location: .../commandResults/{id}?api-version=...` (RunCommandRequest.json);
//  - GET that URL → 202 with the Location again while the command runs, then 200 with
//    {id, properties: {provisioningState, exitCode, startedAt, finishedAt, logs}}
//    (RunCommandResultSucceed.json), or {provisioningState: "failed", reason} when its pod could not
//    run (RunCommandResultFailed.json). A non-zero exitCode is still "succeeded".
// RBAC: the POST needs Microsoft.ContainerService/managedClusters/runCommand/action and the GET
// .../commandResults/read (SupportArticles-docs resolve-az-aks-command-invoke-failures.md, cause 3).
import { ArmError, resourceNotFound } from './errors.js';
import { sameId } from './ids.js';
import type { ArmSimulator, Route, RouteContext } from './server.js';
import type { AksCluster } from './world.js';

const CLUSTER = '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)';
const re = (pattern: string) => new RegExp(`^${pattern}/?$`, 'i');
const scope = { subscription: 1, resourceGroup: 2 };

/** The AAD server application of every AKS cluster, whose token the CLI sends as clusterToken (azure-cli acs/custom.py aks_runcommand). */
export const AKS_AAD_SERVER_APP = '6dae42f8-4368-4678-94ff-3960e28e3630';

interface RunCommandBody {
  command?: unknown;
  context?: unknown;
  clusterToken?: unknown;
}

export function runCommandRoutes(sim: ArmSimulator): Route[] {
  const clusterAt = ({ match }: RouteContext): AksCluster => {
    const cluster = sim.world.aksClusters.find(
      (c) => sameId(c.subscriptionId, match[1]!) && sameId(c.resourceGroup, match[2]!) && sameId(c.name, match[3]!),
    );
    if (!cluster) throw resourceNotFound('Microsoft.ContainerService/managedClusters', match[3]!, match[2]!);
    return cluster;
  };
  const resultUrl = (context: RouteContext, id: string) =>
    `${context.base}${context.path.replace(/\/runCommand\/?$/i, '').replace(/\/commandResults\/[^/]+\/?$/i, '')}/commandResults/${id}?api-version=${context.query.get('api-version')}`;

  return [
    {
      method: 'POST', pattern: re(`${CLUSTER}/runCommand`),
      provider: 'Microsoft.ContainerService', scope, action: 'Microsoft.ContainerService/managedClusters/runCommand/action',
      // Whether a command changes anything depends on the command: the cluster side counts its own
      // writes (AksRuntime.writes(): kubectl run, apply, delete), so `status`, whose commands only read,
      // still makes zero writes.
      readOnly: true,
      // The token is a credential: the log says whether one came, never what it was.
      loggedBody: (body) => {
        const { clusterToken, ...rest } = (body ?? {}) as RunCommandBody;
        return { ...rest, clusterTokenPresent: typeof clusterToken === 'string' && clusterToken !== '' };
      },
      handle: (context) => {
        const cluster = clusterAt(context);
        const body = (context.body ?? {}) as RunCommandBody;
        if (typeof body.command !== 'string' || body.command.trim() === '') {
          throw new ArmError(400, 'InvalidParameter', "The value of parameter 'command' is invalid: it is required and cannot be empty.");
        }
        if (cluster.powerState === 'Stopped') {
          // AKS refuses operations on a stopped cluster naming both states (the wording az aks stop
          // shows for a stopped cluster, Azure/AKS#1871, MicrosoftDocs/azure-docs#85161); no source
          // shows the run command's own answer, so this follows that pattern.
          throw new ArmError(
            400,
            'BadRequest',
            'Managed cluster is in Provisioning State(Succeeded) and Power State(Stopped), run command cannot be performed. Start the cluster first.',
          );
        }
        const token = typeof body.clusterToken === 'string' ? body.clusterToken : '';
        if (cluster.aadManaged && token === '') {
          // Azure/azure-rest-api-specs#22467 and #22480: the answer to a run command without a token
          // on an AKS-managed Azure AD cluster.
          throw new ArmError(400, 'MissingAADClusterToken', 'This cluster have Azure Active Directory enabled, .clusterToken is required.');
        }
        const context64 = typeof body.context === 'string' ? body.context : '';
        const id = sim.aksRuntime(cluster).start(body.command, context64, token !== '');
        return { status: 202, headers: { Location: resultUrl(context, id) } };
      },
    },
    {
      method: 'GET', pattern: re(`${CLUSTER}/commandResults/([^/]+)`),
      provider: 'Microsoft.ContainerService', scope, action: 'Microsoft.ContainerService/managedClusters/commandResults/read',
      handle: (context) => {
        const cluster = clusterAt(context);
        const id = context.match[4]!;
        const result = sim.aksRuntime(cluster).result(id);
        // What AKS answers for an id it never issued is not in the REST reference or its examples; a
        // 404 in ARM's envelope, like any missing child resource, is the simulator's choice.
        if (!result) throw new ArmError(404, 'NotFound', `Command result '${id}' was not found in managed cluster '${cluster.name}'.`);
        if (result.provisioningState === 'running') return { status: 202, headers: { Location: resultUrl(context, id) } };
        const { id: resultId, ...properties } = result;
        return { status: 200, body: { id: resultId, properties } };
      },
    },
  ];
}
