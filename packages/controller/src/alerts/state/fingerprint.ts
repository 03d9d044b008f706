import { createHash } from 'node:crypto';

/** Order-independent identity of a label set: 16 hex digits of SHA-256 over the sorted pairs. */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const name of Object.keys(labels).sort()) h.update(`${name}\xff${labels[name]}\xfe`);
  return h.digest('hex').slice(0, 16);
}
