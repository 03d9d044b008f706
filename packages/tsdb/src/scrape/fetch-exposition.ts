import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createGunzip } from 'node:zlib';
import { ScrapeError } from './errors.js';
import { SCRAPE_ACCEPT_HEADER } from './parse/negotiate.js';

export interface FetchedExposition {
  body: string;
  contentType: string | null;
}

/** Default cap on one scrape's body (bytes, after decompression). */
export const MAX_SCRAPE_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * GETs a target's metrics with Prometheus' Accept header, gzip, a size cap and a hard deadline:
 * one timer destroys the request at `timeoutMs` whatever stage it is in (connecting, waiting for
 * headers, reading the body), so a scrape always settles and a scrape loop can always stop.
 */
export function fetchExposition(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
  maxBytes = MAX_SCRAPE_BYTES,
): Promise<FetchedExposition> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let current: ReturnType<typeof httpRequest> | undefined;
    const finish = (err: ScrapeError | undefined, value?: FetchedExposition) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        current?.destroy();
        reject(err);
      } else resolve(value as FetchedExposition);
    };
    const deadline = setTimeout(
      () => finish(new ScrapeError('timeout', `context deadline exceeded (scrape timeout ${timeoutMs}ms)`)),
      timeoutMs,
    );
    const onAbort = () => finish(new ScrapeError('fetch', 'scrape canceled'));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const get = (target: string, redirects: number) => {
      let parsed: URL;
      try {
        parsed = new URL(target);
      } catch {
        return finish(new ScrapeError('fetch', `invalid URL ${target}`));
      }
      const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
      current = send(
        parsed,
        {
          headers: {
            accept: SCRAPE_ACCEPT_HEADER,
            'accept-encoding': 'gzip',
            'x-prometheus-scrape-timeout-seconds': String(timeoutMs / 1000),
            'user-agent': 'claude-zen-tsdb',
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location && redirects < MAX_REDIRECTS) {
            res.resume();
            return get(new URL(res.headers.location, parsed).toString(), redirects + 1);
          }
          if (status !== 200) {
            res.resume();
            return finish(
              new ScrapeError(
                'http_status',
                `server returned HTTP status ${status} ${res.statusMessage ?? ''}`.trim(),
              ),
            );
          }
          readBody(res, maxBytes).then(
            (body) => finish(undefined, { body, contentType: res.headers['content-type'] ?? null }),
            (err: ScrapeError) => finish(err),
          );
        },
      );
      current.on('error', (e: NodeJS.ErrnoException) =>
        finish(
          new ScrapeError(
            'fetch',
            `${e.message}${e.code && !e.message.includes(e.code) ? `: ${e.code}` : ''}`,
          ),
        ),
      );
      current.end();
    };
    get(url, 0);
  });
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > maxBytes && res.headers['content-encoding'] !== 'gzip') {
      res.resume();
      return reject(new ScrapeError('fetch', `body of ${declared} bytes exceeds the limit of ${maxBytes}`));
    }
    const stream = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
    const parts: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new ScrapeError('fetch', `body exceeds the limit of ${maxBytes} bytes`));
        return;
      }
      parts.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    stream.on('error', (e: Error) => reject(new ScrapeError('fetch', `reading the body: ${e.message}`)));
    res.on('aborted', () => reject(new ScrapeError('fetch', 'the target closed the connection mid-body')));
  });
}
