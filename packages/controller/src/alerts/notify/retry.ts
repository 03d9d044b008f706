import type { RetryPolicy } from './types.js';

/**
 * Delay before retry number `retry` (1 = first retry): exponential growth capped at maxDelayMs,
 * with "equal jitter" (half fixed, half random) so that channels failing together spread out.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (retry - 1));
  return exp / 2 + (random() * exp) / 2;
}
