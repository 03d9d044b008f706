import { NotifyError } from './errors.js';

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Name used in error messages ("slack channel \"ops\""). */
  what: string;
}

/**
 * POSTs a JSON body. Network errors, timeouts, 5xx, 408 and 429 are retryable failures; other
 * non-2xx answers are permanent (a retry would get the same answer).
 */
export async function postJson(url: string, body: unknown, opts: PostOptions): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const reason =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new NotifyError(
      'delivery_failed',
      `${opts.what}: POST ${redact(url)} failed: ${reason}`,
      undefined,
      true,
    );
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return;
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new NotifyError(
    'delivery_failed',
    `${opts.what}: POST ${redact(url)} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    undefined,
    retryable,
  );
}

/** Slack webhook URLs are secrets: keep only scheme, host and the first path segment. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    const first = u.pathname.split('/').filter(Boolean)[0];
    return `${u.protocol}//${u.host}/${first ?? ''}${u.pathname.split('/').length > 2 ? '/…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
