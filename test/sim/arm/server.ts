// The ARM simulator: an https server on 127.0.0.1 answering the Azure REST API the way the Azure SDK
// calls it, for the resources `kafka-aks peer` and `status` touch. Behaviour follows ARM's
// documentation, not our client: api-version required and checked, bearer token required with ARM's
// audience, the error envelope, resource ids in ARM's casing, long-running PUT/DELETE through
// Azure-AsyncOperation with Retry-After, and Azure's peering rules (see world.ts and network-routes.ts).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ArmError, resourceGroupNotFound, subscriptionNotFound, authorizationFailed } from './errors.js';
import { Faults } from './faults.js';
import { Operations } from './operations.js';
import { makeTestCertificate, type TestCertificate } from './tls.js';
import { ArmWorld, DEFAULT_SUBSCRIPTION, type AksCluster } from './world.js';
import { networkRoutes } from './network-routes.js';
import { clusterRoutes } from './cluster-routes.js';
import { subnetRoutes } from './subnet-routes.js';
import { runCommandRoutes } from './run-command-routes.js';
import { AksRuntime } from '../aks/run-commands.js';
import { managedClusterId } from './ids.js';

/** What a route answers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  match: RegExpExecArray;
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /**
   * `https://127.0.0.1:<port>`: async-operation URLs must be absolute (@azure/core-lro src/http/operation.ts
   * polls the header's URL as sent).
   */
  base: string;
}

export interface Route {
  method: string;
  /** Matched against the decoded path, case-insensitively (ARM paths are). */
  pattern: RegExp;
  /** The resource provider namespace, for the api-version check. */
  provider: 'Microsoft.Network' | 'Microsoft.ContainerService' | 'Microsoft.HDInsight';
  /** The RBAC action the request needs (what AuthorizationFailed names). */
  action: string;
  /** A POST that only reads (getGatewaySettings): not counted as a write. */
  readOnly?: boolean;
  /** What the request log keeps of the body, when not all of it (a credential in it). */
  loggedBody?: (body: unknown) => unknown;
  /** Index of the subscription and resource-group groups in `pattern`, for the existence checks. */
  scope: { subscription: number; resourceGroup?: number };
  handle: (context: RouteContext) => Reply;
}

/**
 * api-versions served. A subset of what ARM publishes for each provider, including the ones our pinned
 * SDKs send: arm-network 36 → 2025-05-01, arm-containerservice 25.3 → 2026-04-01, arm-hdinsight 1.2.1 →
 * 2021-06-01 (each package's default api-version, e.g. `apiVersion` in @azure/arm-network
 * dist/esm/models/parameters.js).
 */
export const apiVersions: Record<Route['provider'], string[]> = {
  'Microsoft.Network': ['2024-05-01', '2024-07-01', '2024-10-01', '2025-01-01', '2025-03-01', '2025-05-01'],
  'Microsoft.ContainerService': ['2025-08-01', '2025-09-01', '2025-10-01', '2026-04-01'],
  'Microsoft.HDInsight': ['2021-06-01', '2023-04-15-preview', '2024-08-01-preview'],
};

/** Token audiences ARM accepts for the public cloud. */
const ARM_AUDIENCES = [
  'https://management.azure.com',
  'https://management.azure.com/',
  'https://management.core.windows.net',
  'https://management.core.windows.net/',
];

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** Milliseconds since the simulator started. */
  at: number;
  /** True for PUT, PATCH, DELETE and POSTs that change something. */
  write: boolean;
}

export interface ArmSimulatorOptions {
  /** How long each long-running operation runs. 0 (the default) ends it by the first poll. */
  lroDurationMs?: number;
  /** Added before every answer. */
  latencyMs?: number;
}

export class ArmSimulator {
  readonly world = new ArmWorld();
  readonly faults = new Faults();
  readonly operations: Operations;
  lroDurationMs: number;
  latencyMs: number;
  private readonly log: LoggedRequest[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(request: LoggedRequest) => void | Promise<void>>();
  private readonly started = Date.now();
  private readonly routes: Route[];
  private readonly runtimes = new Map<string, AksRuntime>();
  private server: Server | undefined;
  private certificate: TestCertificate | undefined;
  private baseUrl = '';

  constructor(options: ArmSimulatorOptions = {}) {
    this.lroDurationMs = options.lroDurationMs ?? 0;
    this.latencyMs = options.latencyMs ?? 0;
    this.operations = new Operations(() => Date.now());
    this.routes = [...networkRoutes(this), ...subnetRoutes(this), ...clusterRoutes(this), ...runCommandRoutes(this)];
  }

  /** `https://127.0.0.1:<port>`: the value for KAFKA_AKS_ARM_ENDPOINT. */
  get endpoint(): string {
    return this.baseUrl;
  }

  /** The CA file that makes a Node process trust the simulator (NODE_EXTRA_CA_CERTS). */
  get caFile(): string {
    if (!this.certificate) throw new Error('the ARM simulator is not started');
    return this.certificate.caFile;
  }

  get subscriptionId(): string {
    return DEFAULT_SUBSCRIPTION;
  }

  async start(): Promise<this> {
    this.certificate = makeTestCertificate();
    const server = createServer({ cert: this.certificate.cert, key: this.certificate.key }, (req, res) => {
      void this.serve(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** The inside of an AKS cluster (pods, ConfigMaps, its run commands), made when first needed. */
  aksRuntime(cluster: Pick<AksCluster, 'subscriptionId' | 'resourceGroup' | 'name'>): AksRuntime {
    const key = managedClusterId(cluster.subscriptionId, cluster.resourceGroup, cluster.name).toLowerCase();
    let runtime = this.runtimes.get(key);
    if (!runtime) {
      runtime = new AksRuntime();
      this.runtimes.set(key, runtime);
    }
    return runtime;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.stop()));
    this.runtimes.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.certificate?.remove();
  }

  /** Every request answered so far, in order. */
  requests(): LoggedRequest[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** The requests that changed (or tried to change) something: "zero writes" is `writes().length === 0`. */
  writes(): LoggedRequest[] {
    return this.requests().filter((entry) => entry.write);
  }

  /**
   * Resolves as soon as `condition` holds, checked now and after every request the simulator logs:
   * a test acts at an exact point of the CLI's run ("both PUTs sent, polling begun") without sleeping.
   */
  waitUntil(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /**
   * `listener` runs after every request has acted on the world and before its answer is sent, and the
   * answer waits for it: what follows from a change elsewhere in a simulated environment (a network
   * path that opens once both peerings are Connected) is in place before the client hears of the change.
   */
  onRequest(listener: (request: LoggedRequest) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clearLog(): void {
    this.log.length = 0;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodeURIComponent(url.pathname);
    const text = await readBody(req);
    let body: unknown;
    let reply: Reply;
    let route: Route | undefined;
    try {
      body = text === '' ? undefined : JSON.parse(text);
      route = this.routes.find((r) => r.method === method && r.pattern.test(path));
      reply = this.answer(req, method, path, url.searchParams, body, route);
    } catch (error) {
      reply =
        error instanceof ArmError
          ? { status: error.status, body: error.envelope(), headers: error.headers }
          : error instanceof SyntaxError
            ? { status: 400, body: new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.').envelope() }
            : { status: 500, body: new ArmError(500, 'InternalServerError', String(error)).envelope() };
    }
    const logged: LoggedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: route?.loggedBody && body !== undefined ? route.loggedBody(body) : body,
      status: reply.status,
      at: Date.now() - this.started,
      write: method !== 'GET' && !(route?.readOnly ?? false),
    };
    this.log.push(logged);
    for (const waiter of [...this.waiters]) waiter();
    await Promise.all([...this.listeners].map((listener) => listener({ ...logged })));
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const requestId = randomUUID();
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': requestId,
      'cache-control': 'no-cache',
      ...(reply.headers ?? {}),
    });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private answer(
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    route: Route | undefined,
  ): Reply {
    this.operations.settle();
    const principal = authenticate(req.headers.authorization);
    const apiVersion = query.get('api-version');
    if (!apiVersion) {
      throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    }
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1] ?? DEFAULT_SUBSCRIPTION;
    const fault = this.faults.take(method, path, { subscriptionId, principal });
    if (fault) throw fault;
    if (!route) {
      throw new ArmError(404, 'InvalidResourceType', `The resource type could not be found for ${method} ${path} (not served by the kafka-aks ARM simulator).`);
    }
    const supported = apiVersions[route.provider];
    if (!supported.includes(apiVersion)) {
      throw new ArmError(
        400,
        'NoRegisteredProviderFound',
        `No registered resource provider found for location 'westeurope' and API version '${apiVersion}' for type in namespace '${route.provider}'. The supported api-versions are '${supported.join(', ')}'.`,
      );
    }
    const match = route.pattern.exec(path)!;
    const sub = match[route.scope.subscription]!;
    if (!this.world.hasSubscription(sub)) throw subscriptionNotFound(sub);
    if (route.scope.resourceGroup !== undefined) {
      const group = match[route.scope.resourceGroup]!;
      if (!this.world.hasResourceGroup(sub, group)) throw resourceGroupNotFound(group);
    }
    if (this.faults.deniedAction(path, route.action)) throw authorizationFailed(principal, route.action, path);
    return route.handle({ match, method, path, query, body, base: this.baseUrl });
  }
}

/**
 * ARM's bearer check: a token whose audience is ARM's. The test `az` stand-in issues unsigned JWTs
 * carrying the resource it was asked for, so a client that asks for `<simulator endpoint>/.default`
 * (what classic SDK clients do without explicit credentialScopes) is refused as real ARM refuses it.
 * Returns the caller's object id.
 */
function authenticate(header: string | undefined): string {
  if (!header) throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  const token = /^Bearer (.+)$/.exec(header)?.[1];
  const payload = token?.split('.')[1];
  let claims: { aud?: unknown; oid?: unknown } | undefined;
  try {
    claims = payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims) : undefined;
  } catch {
    claims = undefined;
  }
  if (!claims) throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
  if (typeof claims.aud !== 'string' || !ARM_AUDIENCES.includes(claims.aud)) {
    throw new ArmError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${String(claims.aud)}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.join("','")}'.`,
    );
  }
  return typeof claims.oid === 'string' ? claims.oid : '00000000-0000-0000-0000-0000000000aa';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startArmSimulator(options: ArmSimulatorOptions = {}): Promise<ArmSimulator> {
  return new ArmSimulator(options).start();
}
