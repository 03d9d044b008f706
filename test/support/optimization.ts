import type { ControllerConfigInput } from '../../packages/controller/src/monitor/config.js';

/**
 * The optimizer in automatic mode, quick enough for a test: verified on 3 s of data from 3 s after
 * the change (the switch itself is not judged), no re-verification, a 30 s lease; `serviceToken`
 * for every control endpoint.
 */
export function quickAutomaticOptimization(serviceToken: string): ControllerConfigInput['optimization'] {
  return {
    mode: 'automatic',
    tokens: { default: serviceToken },
    verificationDelayMs: 6_000,
    windowMs: 3_000,
    reverifyDelayMs: 0,
    leaseMs: 30_000,
  };
}
