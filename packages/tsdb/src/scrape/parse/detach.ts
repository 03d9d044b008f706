/**
 * A copy of a string that does not keep a larger parent alive. V8 represents `slice()` results
 * of 13+ characters as views into the parent string, so a label value kept from a parsed
 * exposition would otherwise pin the whole scrape body (or import chunk) in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** Labels whose names and values no longer reference the exposition they were parsed from. */
export function detachLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in labels) out[detach(k)] = detach(labels[k]);
  return out;
}
