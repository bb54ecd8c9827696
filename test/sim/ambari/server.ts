// A stateful Ambari 2.7 on 127.0.0.1, as it answers on an HDInsight Kafka cluster. It enforces what the
// real server enforces (apache/ambari ambari-server/docs/api/v1/index.md,
// api/AmbariCsrfProtectionFilter.java, security/AmbariEntryPoint.java; the gateway's 401:
// groupon/sparklint#65): basic auth (a wrong login is a 403 JSON body; a knob makes it the HDInsight
// gateway's 401), X-Requested-By on every method but GET/HEAD/OPTIONS (400 with Ambari's CSRF message),
// JSON as text/plain, {"status","message"} errors, case-sensitive cluster names.
// Knobs inject the faults operators meet: a 500, slow or hung answers, an HTML login page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AmbariHttpError, parseRequestBody, sendError, sendJson } from './http.js';
import { hdinsightKafkaCluster, type SimCluster } from './model.js';
import { parseQuery, QueryError } from './query.js';
import { SimClock } from '../clock.js';
import type { BrokerStart } from './broker-runtime.js';
import { readRoutes } from './read-routes.js';
import { advanceRequests, brokerRuntime } from './requests.js';
import type { Route, RouteAnswer } from './routes.js';
import { writeRoutes } from './write-routes.js';

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** The X-Requested-By header as sent (undefined when absent). */
  requestedBy: string | undefined;
  body: string;
  /**
   * Wall-clock arrival (Date.now()), before any latency knob: benchmarks line Ambari's requests up with
   * the other simulators' and the CLI's output. Simulated time is the clock's, not this.
   */
  at: number;
}

export interface Fault {
  status: number;
  /** Answer with the gateway's HTML login page instead of Ambari's error body. */
  loginPage?: boolean;
  /** How many matching requests still get the fault. */
  remaining: number;
  method?: string;
  /** Only paths containing this text. */
  pathIncludes?: string;
}

export interface RequestMatch {
  method?: string;
  /** The whole path, e.g. /api/v1/clusters/kafka (a config write, not a maintenance change below it). */
  path?: string;
  pathIncludes?: string;
  queryIncludes?: string;
  /** Fire on the nth matching request (1 = the first). */
  nth?: number;
}

interface RequestHook extends RequestMatch {
  nth: number;
  seen: number;
  /** 'before': before Ambari acts on the request; 'answer': after it acted, before the answer is sent. */
  when: 'before' | 'answer';
  action: () => unknown;
}

export interface Knobs {
  /** Added to every answer (real time: for demos and benchmarks, not needed by tests). */
  latencyMs: number;
  /** Never answer (the connection stays open): for client timeouts. */
  hang: boolean;
  /** Answer everything with an HTML login page, as a misrouted gateway or proxy does. */
  loginPage: boolean;
  /** A wrong login gets the HDInsight gateway's 401 instead of Ambari's own 403. */
  gateway401: boolean;
}

export interface AmbariSimulatorOptions {
  clusters?: SimCluster[];
  user?: string;
  password?: string;
  /** Extra routes (the write side grows here without touching the plumbing). */
  routes?: Route[];
  host?: string;
}

const CSRF_MESSAGE = 'CSRF protection is turned on. X-Requested-By HTTP header is required.';
const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><title>Sign in</title></head>
<body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>`;

export class AmbariSimulator {
  readonly clusters = new Map<string, SimCluster>();
  readonly log: LoggedRequest[] = [];
  readonly knobs: Knobs = { latencyMs: 0, hang: false, loginPage: false, gateway401: false };
  readonly user: string;
  readonly password: string;
  /** Drives requests: one step per poll in auto mode, or `clock.tick()` from a test. */
  readonly clock = new SimClock();
  private readonly faults: Fault[] = [];
  private readonly hooks: RequestHook[] = [];
  private readonly routes: Route[];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private baseUrl = '';

  constructor(options: AmbariSimulatorOptions = {}) {
    for (const cluster of options.clusters ?? [hdinsightKafkaCluster()]) this.clusters.set(cluster.name, cluster);
    this.user = options.user ?? 'admin';
    this.password = options.password ?? 'Sim-Passw0rd!';
    this.routes = [...readRoutes, ...writeRoutes, ...(options.routes ?? [])];
    this.clock.onTick((now) => {
      for (const cluster of this.clusters.values()) advanceRequests(cluster, now);
    });
  }

  static async start(options: AmbariSimulatorOptions = {}): Promise<AmbariSimulator> {
    const simulator = new AmbariSimulator(options);
    await simulator.listen(options.host ?? '127.0.0.1');
    return simulator;
  }

  /** e.g. http://127.0.0.1:40123 — pass as --ambari-url. */
  get url(): string {
    return this.baseUrl;
  }

  /** The one cluster (or the named one). */
  cluster(name?: string): SimCluster {
    const cluster = name ? this.clusters.get(name) : this.clusters.values().next().value;
    if (!cluster) throw new Error(`simulator has no cluster ${name ?? ''}`);
    return cluster;
  }

  /** The next `count` requests that match answer `status` with Ambari's error body. */
  failNext(status: number, match: { count?: number; method?: string; pathIncludes?: string } = {}): void {
    this.faults.push({ status, remaining: match.count ?? 1, method: match.method, pathIncludes: match.pathIncludes });
  }

  /**
   * The next `count` matching requests get the HDInsight gateway's HTML login page (HTTP 200), as a
   * gateway does for a moment while it restarts, whatever Ambari would have said.
   */
  loginPageNext(match: { count?: number; method?: string; pathIncludes?: string } = {}): void {
    this.faults.push({ status: 200, loginPage: true, remaining: match.count ?? 1, method: match.method, pathIncludes: match.pathIncludes });
  }

  /**
   * What the broker on `host` runs with, as Ambari's agent rendered it at its last start: its
   * server.properties (listeners, advertised.listeners) and why Kafka refused to start, if it did.
   */
  brokerRuntime(host: string, cluster?: string): BrokerStart {
    return brokerRuntime(this.cluster(cluster), host);
  }

  /**
   * Run `action` just before Ambari handles the nth matching request: another operator saving a
   * change between our read and our write, a Ctrl-C at a chosen moment. A promise it returns holds
   * the request until it settles (two clients made to meet at one moment).
   */
  beforeRequest(match: RequestMatch, action: () => unknown): void {
    this.hooks.push({ ...match, nth: match.nth ?? 1, seen: 0, when: 'before', action });
  }

  /**
   * Run `action` after Ambari has acted on the nth matching request, and hold the answer until the
   * promise it returns settles: the request landed, but its answer is still on the way back. This is
   * the worst moment for a Ctrl-C (the client cannot know the write happened), as on a slow gateway.
   */
  beforeAnswer(match: RequestMatch, action: () => Promise<void>): void {
    this.hooks.push({ ...match, nth: match.nth ?? 1, seen: 0, when: 'answer', action });
  }

  /** Requests that could change something (everything but GET), as a test asserts "zero writes". */
  writes(): LoggedRequest[] {
    return this.log.filter((entry) => entry.method !== 'GET');
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async listen(host: string): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://sim');
    const method = (request.method ?? 'GET').toUpperCase();
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query: url.search.slice(1),
      status: 0,
      requestedBy: header(request, 'x-requested-by'),
      body,
      at: Date.now(),
    };
    this.log.push(entry);
    const fired = this.hooks.filter(
      (hook) =>
        (!hook.method || hook.method === method) &&
        (!hook.path || url.pathname === hook.path) &&
        (!hook.pathIncludes || url.pathname.includes(hook.pathIncludes)) &&
        (!hook.queryIncludes || decodeURIComponent(url.search).includes(hook.queryIncludes)) &&
        ++hook.seen === hook.nth,
    );
    await Promise.all(fired.filter((hook) => hook.when === 'before').map((hook) => hook.action()));
    const held = () => Promise.all(fired.filter((hook) => hook.when === 'answer').map((hook) => hook.action()));
    if (this.knobs.hang) {
      this.hanging.add(response);
      return;
    }
    if (this.knobs.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.knobs.latencyMs));
    const answer = (status: number, json?: unknown) => {
      entry.status = status;
      sendJson(response, status, json as never);
    };
    const fail = (status: number, message: string) => {
      entry.status = status;
      sendError(response, status, message);
    };

    const loginPage = () => {
      entry.status = 200;
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(LOGIN_PAGE);
    };
    if (this.knobs.loginPage) return loginPage();
    if (!this.authorised(request)) {
      if (this.knobs.gateway401) {
        entry.status = 401;
        response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="HDInsight"', 'Content-Type': 'text/plain' });
        response.end('Unauthorized');
        return;
      }
      // apache/ambari ambari-server/src/main/java/org/apache/ambari/server/security/AmbariEntryPoint.java:
      // sendError(SC_FORBIDDEN, ...) even for a missing login.
      return fail(403, 'Unable to sign in. Invalid username/password combination.');
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && entry.requestedBy === undefined) {
      return fail(400, CSRF_MESSAGE);
    }
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && (!f.pathIncludes || url.pathname.includes(f.pathIncludes)),
    );
    if (fault) {
      fault.remaining -= 1;
      if (fault.loginPage) return loginPage();
      return fail(fault.status, fault.status >= 500 ? 'An internal system exception occurred: simulated fault' : 'simulated fault');
    }

    const apiPath = url.pathname.replace(/^\/api\/v1(?=\/)/, '');
    if (apiPath === url.pathname) return fail(404, `The requested resource doesn't exist: ${url.pathname}`);
    const candidates = this.routes.filter((route) => route.path.test(apiPath));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      return candidates.length > 0 ? fail(405, `HTTP ${method} is not supported here`) : fail(404, `The requested resource doesn't exist: ${url.pathname}`);
    }
    let result: RouteAnswer;
    try {
      const params = (route.path.exec(apiPath) ?? []).slice(1).map((p) => decodeURIComponent(p));
      result = route.handle(
        {
          method,
          params,
          query: parseQuery(url.search.slice(1)),
          rawQuery: url.search.slice(1),
          body: parseRequestBody(body),
          user: this.user,
          clock: this.clock,
        },
        this.clusters,
      );
    } catch (error) {
      await held();
      if (error instanceof AmbariHttpError) return fail(error.status, error.message);
      if (error instanceof QueryError) return fail(400, error.message);
      return fail(500, `An internal system exception occurred: ${String(error)}`);
    }
    await held();
    answer(result.status, result.body);
  }

  private authorised(request: IncomingMessage): boolean {
    const auth = header(request, 'authorization') ?? '';
    const match = /^Basic (.+)$/i.exec(auth);
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    return decoded === `${this.user}:${this.password}`;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
