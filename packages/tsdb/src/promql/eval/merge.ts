import { labelsKey } from '../../model/labels.js';
import { PromQLError } from '../errors.js';
import { withoutName } from './labels-ops.js';
import type { StepSeries } from './values.js';

/**
 * Merges series that carry the same label set (after dropping names marked for removal when
 * `dropNames`). Two such series with a sample at the same step are an error, as in Prometheus.
 */
export function mergeSameLabels(series: StepSeries[], dropNames: boolean): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  const copied = new Set<string>();
  for (const s of series) {
    const labels = dropNames && s.dropName ? withoutName(s.labels) : s.labels;
    const key = labelsKey(labels);
    const prev = byKey.get(key);
    if (!prev) {
      const ns =
        labels === s.labels && !dropNames ? s : { ...s, labels, dropName: dropNames ? false : s.dropName };
      byKey.set(key, ns);
      out.push(ns);
      continue;
    }
    if (!copied.has(key)) {
      // Copy before mutating: the first series may be shared with other expressions.
      const idx = out.indexOf(prev);
      const copy = { ...prev, values: prev.values.slice(), present: prev.present.slice() };
      out[idx] = copy;
      byKey.set(key, copy);
      copied.add(key);
    }
    const target = byKey.get(key)!;
    for (let i = 0; i < s.present.length; i++) {
      if (!s.present[i]) continue;
      if (target.present[i])
        throw new PromQLError('execution', 'vector cannot contain metrics with the same labelset');
      target.present[i] = 1;
      target.values[i] = s.values[i];
    }
  }
  return out;
}
