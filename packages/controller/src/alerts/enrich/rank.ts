import type { RootCause } from './types.js';

/**
 * Known causes and correlations in one list by confidence; a known cause that a correlation
 * backs (same subject) gains confidence (1 − (1 − a)(1 − b)) and both evidences.
 */
export function rankRootCauses(
  known: readonly RootCause[],
  correlated: readonly RootCause[],
  limit = 8,
): RootCause[] {
  const out = known.map((k) => ({ ...k }));
  const backs: Record<string, RegExp> = {
    'High swarm coordination overhead': /coordination latency/i,
    'Multiple active neural networks': /active networks/i,
    'High neural network memory usage': /neural memory/i,
    'Potential memory leak': /heap growth/i,
    'High concurrent request load': /active requests/i,
  };
  const rest: RootCause[] = [];
  for (const c of correlated) {
    const k = out.find((x) => backs[x.cause]?.test(c.cause));
    if (k && (c.r ?? 0) > 0) {
      k.confidence = Math.round((1 - (1 - k.confidence) * (1 - c.confidence)) * 1000) / 1000;
      k.evidence = `${k.evidence}; ${c.evidence}`;
      k.r = c.r;
      k.samples = c.samples;
    } else rest.push(c);
  }
  return [...out, ...rest].sort((a, b) => b.confidence - a.confidence).slice(0, limit);
}
