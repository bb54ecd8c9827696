// The one Ambari client. Everything kafka-aks says to Ambari goes through here, so the rules of the
// Ambari REST API live in one place (apache/ambari ambari-server/docs/api/v1/index.md; server classes
// under ambari-server/src/main/java/org/apache/ambari/server/):
// - basic auth on every call; X-Requested-By on every non-GET (CSRF filter, else 400:
//   api/AmbariCsrfProtectionFilter.java);
// - answers are JSON sent as text/plain; errors are {"status","message"};
// - 401 and 403 both mean a refused login (Ambari answers 403, security/AmbariEntryPoint.java; the
//   HDInsight gateway 401, groupon/sparklint#65);
// - an HTML page means a login page or proxy answered, not Ambari;
// - a refused TLS certificate is said as such (certificate-refused.ts), never as "check the cluster name";
// - GETs are retried on 5xx and network errors; writes never are (a PUT that timed out may have landed).
import axios, { AxiosError, type AxiosInstance, type Method } from 'axios';
import { refusedCertificate } from '../certificate-refused.js';
import type { Progress } from '../context.js';
import { authError, isKafkaAksError, notFoundError, operationFailed, usageError } from '../errors.js';
import { isLoopbackHost } from '../loopback.js';
import { sleep } from '../sleep.js';
import { isObject, type Json } from './json.js';

export interface AmbariLogin {
  user: string;
  password: string;
}

export interface AmbariClientOptions {
  /** e.g. https://mykafka.azurehdinsight.net; the API lives under /api/v1. */
  baseUrl: string;
  login: AmbariLogin;
  progress: Progress;
  signal?: AbortSignal;
  /** Per call. */
  timeoutMs?: number;
  /** Attempts after the first, for GETs only. */
  getRetries?: number;
  /** First backoff; doubled each retry. */
  retryBaseMs?: number;
}

export type Query = Record<string, string>;

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN']);

export class AmbariClient {
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly options: Required<Omit<AmbariClientOptions, 'signal'>> & { signal?: AbortSignal };
  /**
   * Ambari has answered this client with JSON at least once. After that, an HTML page is the gateway
   * stumbling (a login page during a restart of its own, a proxy error page), not a wrong --ambari-url:
   * a GET is retried as after a 5xx, and the message does not blame the URL.
   */
  private answeredJson = false;

  /**
   * The same client, deaf to Ctrl-C: for the clean-up that must still happen after the operator
   * interrupted (turning maintenance mode off).
   */
  detached(): AmbariClient {
    return new AmbariClient({ ...this.options, signal: undefined });
  }

  constructor(options: AmbariClientOptions) {
    this.baseUrl = ambariBaseUrl(options.baseUrl);
    this.options = { timeoutMs: 30_000, getRetries: 3, retryBaseMs: 250, ...options, baseUrl: this.baseUrl };
    this.http = axios.create({
      baseURL: this.baseUrl,
      auth: { username: options.login.user, password: options.login.password },
      timeout: this.options.timeoutMs,
      // Redirects go to login pages; following one would send the password to wherever it points.
      maxRedirects: 0,
      // Parse ourselves: Ambari says text/plain, and an HTML page must be recognised, not guessed at.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { Accept: 'application/json, text/plain' },
    });
  }

  get(path: string, query?: Query): Promise<Json | undefined> {
    return this.request('GET', path, query, undefined);
  }

  put(path: string, body: unknown): Promise<Json | undefined> {
    return this.request('PUT', path, undefined, body);
  }

  post(path: string, body: unknown): Promise<Json | undefined> {
    return this.request('POST', path, undefined, body);
  }

  /**
   * `/api/v1/...` → the address an operator can paste into a browser. A path may carry a predicate
   * Ambari's query language cannot spell as name=value (`?Requests/request_status.in(A,B)`).
   */
  urlOf(path: string, query?: Query): string {
    const separator = path.includes('?') ? '&' : '?';
    const search = query ? `${separator}${new URLSearchParams(query).toString().replace(/%2F/g, '/').replace(/%2C/g, ',')}` : '';
    return `${this.baseUrl}${path}${search}`;
  }

  private async request(method: Method, path: string, query: Query | undefined, body: unknown): Promise<Json | undefined> {
    const attempts = method === 'GET' ? 1 + this.options.getRetries : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(method, path, query, body);
      } catch (error) {
        const retry = attempt < attempts && (isRetryable(error) || (error instanceof NotAmbariError && this.answeredJson));
        if (!retry) throw this.translate(error, method, path, query);
        const delay = this.options.retryBaseMs * 2 ** (attempt - 1);
        this.options.progress.debug(`  retrying ${method} ${path} in ${delay} ms (${describeCause(error)})`);
        await sleep(delay, this.options.signal);
      }
    }
  }

  private async attempt(method: Method, path: string, query: Query | undefined, body: unknown): Promise<Json | undefined> {
    const started = Date.now();
    const url = this.urlOf(path, query);
    const response = await this.http.request<string>({
      method,
      url: url.slice(this.baseUrl.length),
      // Ambari's CSRF filter wants the header on every method but GET/HEAD/OPTIONS; only presence counts.
      headers: method === 'GET' ? {} : { 'X-Requested-By': 'kafka-aks', 'Content-Type': 'text/plain' },
      data: body === undefined ? undefined : JSON.stringify(body),
      signal: this.options.signal,
    });
    this.options.progress.debug(`${method} ${url} → ${response.status} (${Date.now() - started} ms)`);
    const text = typeof response.data === 'string' ? response.data : '';
    const contentType = String(response.headers['content-type'] ?? '');
    if (looksLikeHtml(text, contentType) || (response.status >= 300 && response.status < 400)) {
      throw new NotAmbariError(response.status, response.headers.location as string | undefined);
    }
    const parsed = parseJson(text);
    if (response.status >= 200 && response.status < 300) {
      if (parsed === invalidJson) throw new NotAmbariError(response.status, undefined);
      this.answeredJson = true;
      return parsed;
    }
    throw new AmbariHttpError(response.status, ambariMessage(parsed, text));
  }

  private translate(error: unknown, method: Method, path: string, query: Query | undefined): Error {
    if (isKafkaAksError(error)) return error;
    const where = `${method} ${this.urlOf(path, query)}`;
    if (this.options.signal?.aborted) {
      const reason: unknown = this.options.signal.reason;
      return reason instanceof Error ? reason : operationFailed('Interrupted.');
    }
    if (error instanceof NotAmbariError) {
      const redirect = error.location ? ` (it redirected to ${error.location})` : '';
      if (this.answeredJson) {
        return operationFailed(
          `Ambari at ${this.baseUrl} answered ${where} with a page that is not the Ambari API (HTTP ${error.status}${redirect}), though it answered as Ambari earlier in this run.`,
          { hint: 'The HDInsight gateway in front of Ambari may be restarting or overloaded: wait a minute and run the same command again.' },
        );
      }
      return operationFailed(
        `The server at ${this.baseUrl} is not the Ambari API (a login page or proxy answered ${where} with HTTP ${error.status}${redirect}).`,
        { hint: 'Check --ambari-url: it must be the HDInsight cluster endpoint, e.g. https://<cluster>.azurehdinsight.net.' },
      );
    }
    if (error instanceof AmbariHttpError) {
      const said = error.ambariMessage ? `: ${error.ambariMessage}` : '';
      if (error.status === 401 || error.status === 403) {
        return authError(`Ambari at ${this.baseUrl} refused the login of user "${this.options.login.user}" (HTTP ${error.status}${said}).`, {
          hint: 'Check the cluster login user (--ambari-user, default admin) and its password (--ambari-password-stdin or AMBARI_PASSWORD).',
        });
      }
      if (error.status === 404) {
        return notFoundError(`Ambari has no such resource: ${error.ambariMessage || where}.`, {
          hint: 'Check the cluster name (--cluster) and that the cluster runs the service asked for.',
          details: { status: 404, request: where },
        });
      }
      return operationFailed(`Ambari refused ${where} with HTTP ${error.status}${said}.`, {
        details: { status: error.status, request: where },
      });
    }
    const certificate = refusedCertificate(error, '--ambari-url');
    if (certificate) {
      return operationFailed(`Ambari at ${this.baseUrl} ${certificate.problem}.`, { hint: certificate.hint, cause: error });
    }
    if (error instanceof AxiosError) {
      const code = error.code ?? 'network error';
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      return operationFailed(
        timedOut
          ? `Ambari at ${this.baseUrl} did not answer ${where} within ${this.options.timeoutMs / 1000} s.`
          : `Cannot reach Ambari at ${this.baseUrl} (${code}${error.message && !error.message.includes(code) ? `: ${error.message}` : ''}).`,
        {
          hint: timedOut
            ? 'The gateway may be busy: try again, or raise --ambari-timeout.'
            : 'Check the cluster name and --ambari-url, and that this machine can reach the HDInsight gateway over HTTPS.',
          cause: error,
        },
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Thrown inside the client, translated into a KafkaAksError before it leaves. */
export class AmbariHttpError extends Error {
  constructor(
    readonly status: number,
    readonly ambariMessage: string,
  ) {
    super(`HTTP ${status}${ambariMessage ? `: ${ambariMessage}` : ''}`);
  }
}

class NotAmbariError extends Error {
  constructor(
    readonly status: number,
    readonly location: string | undefined,
  ) {
    super(`not Ambari (HTTP ${status})`);
  }
}

/**
 * The Ambari endpoint as the client uses it, or a usage error when the password would travel badly.
 * Pure, so a command checks it before it looks for the password (which may mean asking Azure).
 */
export function ambariBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`"${raw}" is not a URL.`, { hint: 'Pass --ambari-url as https://<cluster>.azurehdinsight.net.' });
  }
  if (url.username || url.password) {
    throw usageError('The Ambari URL must not carry a user or password.', {
      hint: 'Use --ambari-user, and --ambari-password-stdin or AMBARI_PASSWORD for the password.',
    });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    const why = url.protocol === 'http:' ? `: ${url.hostname} is not a loopback address` : '';
    throw usageError(`Refusing to send the Ambari password to ${url.origin} without TLS${why}.`, {
      hint: 'Use the https:// address of the cluster. Plain http is accepted only to 127.0.0.0/8, [::1] and localhost (an SSH tunnel, a simulator).',
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const invalidJson = Symbol('invalid JSON');

function parseJson(text: string): Json | undefined | typeof invalidJson {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return invalidJson;
  }
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return contentType.includes('text/html') || /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

function ambariMessage(parsed: Json | undefined | typeof invalidJson, text: string): string {
  if (isObject(parsed) && typeof parsed.message === 'string') return parsed.message;
  return text.trim().slice(0, 200);
}

function isRetryable(error: unknown): boolean {
  if (error instanceof AmbariHttpError) return RETRYABLE_STATUS.has(error.status);
  if (error instanceof AxiosError) return error.code !== undefined && RETRYABLE_CODES.has(error.code);
  return false;
}

function describeCause(error: unknown): string {
  if (error instanceof AmbariHttpError) return `HTTP ${error.status}`;
  if (error instanceof NotAmbariError) return `HTTP ${error.status}, not the Ambari API`;
  if (error instanceof AxiosError) return error.code ?? error.message;
  return String(error);
}
