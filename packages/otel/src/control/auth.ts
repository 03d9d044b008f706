import { createHash, timingSafeEqual } from 'node:crypto';
import { ControlError } from './errors.js';

export const MIN_TOKEN_LENGTH = 16;

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Builds the check of an `Authorization: Bearer <token>` header. Both sides are hashed to equal
 * length digests and compared with timingSafeEqual, so timing reveals neither content nor length.
 */
export function createBearerCheck(token: string): (authorization: string | undefined) => boolean {
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
    throw new ControlError(
      'invalid_options',
      `control token must be a string of at least ${MIN_TOKEN_LENGTH} characters (set CLAUDE_ZEN_CONTROL_TOKEN, e.g. to the output of "openssl rand -hex 32")`,
    );
  }
  const expected = sha256(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    const given = sha256(match ? match[1] : '');
    // Always compare, even without a match, so a missing header costs the same as a wrong one.
    return timingSafeEqual(given, expected) && match !== null;
  };
}
