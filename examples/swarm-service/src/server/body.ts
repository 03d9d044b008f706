import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON object body (empty body → {}); clear errors for oversize or malformed bodies. */
export async function readJson(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new ServiceError('payload_too_large', `request body is larger than ${limit} bytes: send less`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ServiceError('invalid_request', `request body is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServiceError('invalid_request', 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
