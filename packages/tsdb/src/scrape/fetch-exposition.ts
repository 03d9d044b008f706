import { ScrapeError } from './errors.js';
import { SCRAPE_ACCEPT_HEADER } from './parse/negotiate.js';

export interface FetchedExposition {
  body: string;
  contentType: string | null;
}

/** Default cap on one scrape's body (bytes). */
export const MAX_SCRAPE_BYTES = 64 * 1024 * 1024;

/** GETs a target's metrics with Prometheus' Accept header, a timeout and a size cap. */
export async function fetchExposition(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
  maxBytes = MAX_SCRAPE_BYTES,
): Promise<FetchedExposition> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {
        accept: SCRAPE_ACCEPT_HEADER,
        'x-prometheus-scrape-timeout-seconds': String(timeoutMs / 1000),
      },
      signal: combined,
      redirect: 'follow',
    });
  } catch (e) {
    throw fetchFailure(e, timeout, timeoutMs);
  }
  try {
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new ScrapeError(
        'http_status',
        `server returned HTTP status ${res.status} ${res.statusText}`.trim(),
      );
    }
    const len = Number(res.headers.get('content-length') ?? 0);
    if (len > maxBytes)
      throw new ScrapeError('fetch', `body of ${len} bytes exceeds the limit of ${maxBytes}`);
    const body = await res.text();
    if (body.length > maxBytes) throw new ScrapeError('fetch', `body exceeds the limit of ${maxBytes} bytes`);
    return { body, contentType: res.headers.get('content-type') };
  } catch (e) {
    if (e instanceof ScrapeError) throw e;
    throw fetchFailure(e, timeout, timeoutMs);
  }
}

function fetchFailure(e: unknown, timeout: AbortSignal, timeoutMs: number): ScrapeError {
  if (timeout.aborted)
    return new ScrapeError('timeout', `context deadline exceeded (scrape timeout ${timeoutMs}ms)`);
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const detail = err.cause?.code ?? err.cause?.message ?? err.message;
  return new ScrapeError('fetch', `${err.message}${detail && detail !== err.message ? `: ${detail}` : ''}`);
}
