/** A NAB cost profile: reward for a detected window, cost of a false positive and of a miss. */
export interface NabProfile {
  name: string;
  tp: number;
  fp: number;
  fn: number;
}

/** The three NAB profiles (the benchmark's `tn` weight is always 0 and left out). */
export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
  { name: 'reward_low_FP_rate', tp: 1, fp: 0.22, fn: 1 },
  { name: 'reward_low_FN_rate', tp: 1, fp: 0.11, fn: 2 },
];
