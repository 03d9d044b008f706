import { createHash } from 'node:crypto';

/** Inputs of the task-scoring model. */
export const FEATURES = 32;

/** The hidden rule the model learns: a weighted sum of the first 8 features above a threshold. */
const RULE_WEIGHTS = [0.9, -0.6, 0.8, 0.4, -0.7, 0.5, 0.3, -0.2];

/** A deterministic feature row for a task: bytes of a hash of its type and payload, in [0, 1). */
export function taskFeatures(type: string, payload: unknown, salt = ''): number[] {
  const seed = `${type}\0${JSON.stringify(payload ?? null)}\0${salt}`;
  const row: number[] = [];
  let block = 0;
  while (row.length < FEATURES) {
    const digest = createHash('sha256').update(`${seed}\0${block++}`).digest();
    for (const byte of digest) {
      if (row.length === FEATURES) break;
      row.push(byte / 256);
    }
  }
  return row;
}

/** A random feature row (load, /infer without inputs, training data). */
export function randomRow(random: () => number = Math.random): number[] {
  return Array.from({ length: FEATURES }, () => random());
}

/** The label of a row under the hidden rule (what online training teaches the model). */
export function ruleLabel(row: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < RULE_WEIGHTS.length; i++) s += RULE_WEIGHTS[i] * (row[i] - 0.5);
  return s > 0 ? 1 : 0;
}
