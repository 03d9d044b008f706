import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CliError } from '../errors.js';
import { parseControllerUrl } from './controller-client.js';

export interface HeapSnapshotRequest {
  /** Base URL of the target's control endpoint (the @claude-zen/otel preload), e.g. http://127.0.0.1:9465. */
  target: string;
  /** The target's control token (CLAUDE_ZEN_CONTROL_TOKEN of the service). */
  token: string;
  /** Where to save the snapshot. */
  output: string;
  timeoutMs?: number;
}

const PRELOAD_HINT =
  'is the service running with `--require @claude-zen/otel` and CLAUDE_ZEN_CONTROL_TOKEN set? check --target (its CLAUDE_ZEN_CONTROL_PORT)';

/**
 * Asks the target's control endpoint for a heap snapshot (POST /v1/diagnostics/heap-snapshot) and
 * streams it into `output` (through a temporary file: a cut transfer leaves no half snapshot).
 */
export async function downloadHeapSnapshot(r: HeapSnapshotRequest): Promise<{ path: string; bytes: number }> {
  const base = parseControllerUrl(r.target, '--target');
  const url = new URL('v1/diagnostics/heap-snapshot', base.href.endsWith('/') ? base : `${base.href}/`);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(r.timeoutMs ?? 300_000),
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError')
      throw new CliError(
        `the target at ${base.origin} did not send its heap snapshot in time; retry, the heap may be large`,
      );
    const code = err.cause?.code ?? '';
    throw new CliError(
      `cannot reach the control endpoint at ${base.origin}${code ? ` (${code === 'ECONNREFUSED' ? 'connection refused' : code})` : ''}; ${PRELOAD_HINT}`,
    );
  }
  if (res.status !== 200) {
    const text = await res.text();
    let message = text.slice(0, 200);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: keep the text
    }
    if (res.status === 401)
      throw new CliError(
        `${url.href}: 401 ${message}; pass --control-token or set CLAUDE_ZEN_CONTROL_TOKEN (the service's token)`,
      );
    if (res.status === 404)
      throw new CliError(
        `${url.href}: 404: the target's @claude-zen/otel has no heap-snapshot route; update it`,
      );
    throw new CliError(`${url.href}: ${res.status} ${message}`);
  }
  if (!res.body) throw new CliError(`${url.href}: an empty answer; retry`);
  const partial = `${r.output}.partial`;
  let bytes = 0;
  const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  try {
    await pipeline(body, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, r.output);
  } catch (e) {
    await rm(partial, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new CliError(
        `--output ${r.output}: cannot write there (${code}); give a file in a writable folder`,
      );
    throw new CliError(
      `the heap snapshot transfer from ${base.origin} broke off (${(e as Error).message}); retry`,
    );
  }
  return { path: r.output, bytes };
}
