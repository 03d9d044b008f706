import { type Labels, labelsKey, METRIC_NAME } from '../../model/labels.js';
import type { StepSeries } from '../eval/values.js';

export interface Group {
  labels: Labels;
  members: number[];
  /** Some member's metric name was due for removal. */
  dropName: boolean;
}

/** Output labels of a series under `by (...)` or `without (...)`. */
export function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  if (without) {
    const drop = new Set(grouping);
    drop.add(METRIC_NAME);
    for (const k of Object.keys(labels)) if (!drop.has(k)) out[k] = labels[k];
  } else {
    for (const k of grouping) {
      const v = labels[k];
      if (v !== undefined && v !== '') out[k] = v;
    }
  }
  return out;
}

/** Groups series by their aggregation labels, in order of first appearance. */
export function groupSeries(series: StepSeries[], grouping: readonly string[], without: boolean): Group[] {
  const byKey = new Map<string, Group>();
  const groups: Group[] = [];
  series.forEach((s, i) => {
    // Grouping sees names still due for removal (Prometheus' delayed name removal); the group
    // output drops the name if any member's name was to be dropped.
    const labels = groupLabels(s.labels, grouping, without);
    const key = labelsKey(labels);
    let g = byKey.get(key);
    if (!g) {
      g = { labels, members: [], dropName: false };
      byKey.set(key, g);
      groups.push(g);
    }
    g.members.push(i);
    if (s.dropName && METRIC_NAME in labels) g.dropName = true;
  });
  return groups;
}
