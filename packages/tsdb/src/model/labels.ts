/**
 * A series' identity: label name → value. `__name__` holds the metric name.
 * Objects are treated as immutable once built; use the helpers here to derive new ones.
 */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

/** Canonical, order-independent key of a label set (used for hashing and dedup). */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const n of names) key += `${n}\xff${labels[n]}\xfe`;
  return key;
}

/** Labels sorted by name, as Prometheus prints them. */
export function sortedLabels(labels: Labels): [string, string][] {
  return Object.keys(labels)
    .sort()
    .map((n) => [n, labels[n]] as [string, string]);
}

/** A copy without `__name__`. */
export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const { [METRIC_NAME]: _drop, ...rest } = labels;
  return rest;
}

/** Prometheus' text form: `name{a="1", b="2"}`. */
export function formatLabels(labels: Labels): string {
  const name = labels[METRIC_NAME] ?? '';
  const parts = sortedLabels(labels)
    .filter(([n]) => n !== METRIC_NAME)
    .map(([n, v]) => `${n}=${JSON.stringify(v)}`);
  return parts.length ? `${name}{${parts.join(', ')}}` : name || '{}';
}
