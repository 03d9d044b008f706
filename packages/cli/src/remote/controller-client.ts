import { CliError } from '../errors.js';

/** Where the controller's HTTP API is and how to authenticate to it. */
export interface ControllerClientOptions {
  url: string;
  /** Bearer token of mutating calls (`--token`, env CLAUDE_ZEN_TOKEN). */
  token?: string;
  timeoutMs?: number;
}

/** A raw answer of the controller, for callers that look at the status and the text themselves. */
export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

const START_HINT = 'is `claude-zen monitor start` running? (or pass --url / set CLAUDE_ZEN_URL)';

/** `--url` as a base URL; a usage error (exit 2) naming the flag when it is not http(s). */
export function parseControllerUrl(text: string, flag = '--url'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`${flag} ${JSON.stringify(text)} is not a URL; e.g. ${flag} http://127.0.0.1:3456`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`${flag} ${JSON.stringify(text)}: use an http:// or https:// URL`, 2);
  return url;
}

/** The one HTTP client of the controller API the commands share: JSON in and out, one-line errors. */
export class ControllerClient {
  readonly base: URL;

  constructor(private readonly o: ControllerClientOptions) {
    this.base = parseControllerUrl(o.url);
  }

  /** Absolute URL of a path of the API (keeps a base path such as http://host/claude-zen/). */
  href(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(
      path.replace(/^\//, ''),
      this.base.href.endsWith('/') ? this.base : `${this.base.href}/`,
    );
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    return url.href;
  }

  get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return this.json<T>('GET', path, query);
  }

  /** A mutating call: sends the bearer token; 401/403 become the fix to apply. */
  post<T>(path: string, body: unknown, timeoutMs?: number): Promise<T> {
    return this.json<T>('POST', path, {}, body, timeoutMs);
  }

  /** Any method and path; errors only when the controller cannot be reached at all. */
  async raw(
    method: string,
    path: string,
    query: Record<string, string | undefined> = {},
    body?: unknown,
    timeoutMs?: number,
  ): Promise<RawAnswer> {
    const href = this.href(path, query);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.o.token) headers.authorization = `Bearer ${this.o.token}`;
    const limit = timeoutMs ?? this.o.timeoutMs ?? 15_000;
    let res: Response;
    try {
      res = await fetch(href, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(limit),
        redirect: 'manual',
      });
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        text: await res.text(),
      };
    } catch (e) {
      throw new CliError(describeFetchFailure(e, this.base.origin, limit));
    }
  }

  private async json<T>(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    body?: unknown,
    timeoutMs?: number,
  ): Promise<T> {
    const answer = await this.raw(method, path, query, body, timeoutMs);
    const what = `${method} ${this.href(path, query)}`;
    let parsed: unknown;
    try {
      parsed = answer.text === '' ? undefined : JSON.parse(answer.text);
    } catch {
      throw new CliError(
        `${what} answered ${answer.status} ${answer.contentType || 'without a content type'}, not JSON: is ${this.base.origin} a claude-zen controller? check --url`,
      );
    }
    if (answer.status >= 200 && answer.status < 300) return parsed as T;
    throw new CliError(describeHttpError(what, answer.status, parsed));
  }
}

/** One line for an HTTP error answer, with the fix. */
function describeHttpError(what: string, status: number, body: unknown): string {
  const b = (body ?? {}) as { error?: unknown; message?: unknown };
  const detail =
    typeof b.error === 'string'
      ? b.error
      : typeof (b.error as { message?: unknown })?.message === 'string'
        ? String((b.error as { message: string }).message)
        : typeof b.message === 'string'
          ? b.message
          : '';
  if (status === 401)
    return `${what}: 401 unauthorized (${detail || 'missing or wrong bearer token'}); pass --token or set CLAUDE_ZEN_TOKEN`;
  if (status === 403)
    return `${what}: 403 ${detail || 'forbidden'}${/--token/.test(detail) ? '' : '; start the controller with --token and pass the same --token here'}`;
  if (status === 404 && !detail)
    return `${what}: 404 not found; this controller may be older than the command: update it, or check --url`;
  if (status === 429) return `${what}: 429 rate limited; ${detail || 'wait a minute and retry'}`;
  return `${what}: ${status} ${detail || 'error'}`;
}

/** One line for a request that got no HTTP answer at all. */
export function describeFetchFailure(e: unknown, origin: string, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
    return `the controller at ${origin} did not answer within ${Math.round(timeoutMs / 1000)} s; is it overloaded or stopped? ${START_HINT}`;
  const code = err?.cause?.code ?? (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot reach the controller at ${origin} (connection refused); ${START_HINT}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach the controller at ${origin}: host not found; check --url`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${origin} was closed before an answer; is it a claude-zen controller? check --url`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return `cannot reach the controller at ${origin} (connect timeout); check --url and the network`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return `${origin} does not speak HTTPS; use http:// in --url`;
  }
  if (err?.cause?.message === 'bad port')
    return `${origin}: this port is blocked for HTTP clients (a well-known port of another protocol); use the controller's --port`;
  return `cannot reach the controller at ${origin} (${err?.cause?.message ?? err?.message ?? String(e)}); ${START_HINT}`;
}
