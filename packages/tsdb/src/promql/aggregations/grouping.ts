import { type Labels, labelsKey, METRIC_NAME } from '../../model/labels.js';
import { withoutName } from '../eval/labels-ops.js';
import type { StepSeries } from '../eval/values.js';

export interface Group {
  labels: Labels;
  members: number[];
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
    // A name due for removal (delayed name removal) is not a grouping label.
    const own = s.dropName ? withoutName(s.labels) : s.labels;
    const labels = groupLabels(own, grouping, without);
    const key = labelsKey(labels);
    let g = byKey.get(key);
    if (!g) {
      g = { labels, members: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    g.members.push(i);
  });
  return groups;
}
