import { type Labels, labelsKey, METRIC_NAME } from '../../model/labels.js';
import type { VectorMatching } from '../parse/ast.js';

/** Matching signature of a series for vector matching (on: only `names`; ignoring: all but `names` and the name). */
export function matchSignature(labels: Labels, on: boolean, names: readonly string[]): string {
  let key = '';
  if (on) {
    for (const n of [...names].sort()) key += `${n}\xff${labels[n] ?? ''}\xfe`;
    return key;
  }
  const skip = new Set(names);
  skip.add(METRIC_NAME);
  for (const n of Object.keys(labels).sort()) {
    if (skip.has(n)) continue;
    key += `${n}\xff${labels[n]}\xfe`;
  }
  return key;
}

export function withoutName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels)) if (k !== METRIC_NAME) out[k] = labels[k];
  return out;
}

/** Output labels of a vector/vector binary operation (Prometheus' resultMetric). */
export function resultLabels(lhs: Labels, rhs: Labels, dropName: boolean, matching: VectorMatching): Labels {
  const out: Record<string, string> = { ...lhs };
  if (dropName) delete out[METRIC_NAME];
  if (matching.card === 'one-to-one') {
    if (matching.on) {
      const keep = new Set(matching.labels);
      for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
    } else {
      for (const k of matching.labels) delete out[k];
    }
  } else {
    for (const ln of matching.include) {
      const v = rhs[ln];
      if (v !== undefined && v !== '') out[ln] = v;
      else delete out[ln];
    }
  }
  return out;
}

/** Compares label sets like Prometheus' labels.Compare (sorted names, then values). */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const l = Math.min(an.length, bn.length);
  for (let i = 0; i < l; i++) {
    if (an[i] !== bn[i]) return an[i] < bn[i] ? -1 : 1;
    const av = a[an[i]];
    const bv = b[bn[i]];
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return an.length - bn.length;
}

export { labelsKey };
