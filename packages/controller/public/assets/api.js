// REST calls of the pages, and the access token of the buttons that change something: taken from
// the URL fragment `#token=...` (which the demo prints), kept in sessionStorage, sent as a bearer.

const TOKEN_KEY = 'claude-zen-token';

/** Moves a `#token=...` fragment into sessionStorage and removes it from the address bar. */
export function adoptTokenFromFragment() {
  const hash = window.location.hash.slice(1);
  if (!hash) return;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (token === null) return;
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  params.delete('token');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** An error of a REST call, with the server's one-line message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function parse(res, path) {
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    let msg =
      body && typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText} from ${path}`;
    if (res.status === 401 && !token()) {
      msg = 'this needs the access token: open the dashboard address the demo printed (…/dashboard#token=…)';
    }
    throw new ApiError(res.status, msg);
  }
  if (body === undefined) throw new ApiError(res.status, `${path}: expected JSON, got ${type || 'nothing'}`);
  return body;
}

export async function getJson(path, signal) {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  return parse(res, path);
}

/** POSTs JSON with the bearer token (when there is one). */
export async function postJson(path, body = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return parse(res, path);
}

/** A PromQL range query through the controller: the `data.result` matrix. */
export async function queryRange(expr, startS, endS, stepS, signal) {
  const q = new URLSearchParams({
    query: expr,
    start: String(startS),
    end: String(endS),
    step: String(stepS),
  });
  const body = await getJson(`/api/v1/query_range?${q}`, signal);
  if (body.status !== 'success') throw new ApiError(200, body.error ?? 'query failed');
  return body.data?.result ?? [];
}
