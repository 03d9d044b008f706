import { labelsKey } from '../../model/labels.js';
import type { Matcher, Querier, SeriesData } from '../types.js';

/**
 * Combines queriers over disjoint or overlapping time ranges (blocks + head): series with the
 * same labels are merged in time order; on equal timestamps the later querier wins.
 */
export class MergeQuerier implements Querier {
  private readonly queriers: readonly Querier[];

  constructor(queriers: readonly Querier[]) {
    this.queriers = queriers;
  }

  select(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<SeriesData> {
    if (this.queriers.length === 1) return this.queriers[0].select(matchers, mint, maxt);
    const groups = new Map<string, SeriesData[]>();
    for (const q of this.queriers) {
      for (const s of q.select(matchers, mint, maxt)) {
        const key = labelsKey(s.labels);
        const g = groups.get(key);
        if (g) g.push(s);
        else groups.set(key, [s]);
      }
    }
    const out: SeriesData[] = [];
    for (const parts of groups.values()) out.push(parts.length === 1 ? parts[0] : mergeSeries(parts));
    return out;
  }

  labelNames(matchers?: readonly Matcher[]): string[] {
    const set = new Set<string>();
    for (const q of this.queriers) for (const n of q.labelNames(matchers)) set.add(n);
    return [...set].sort();
  }

  labelValues(name: string, matchers?: readonly Matcher[]): string[] {
    const set = new Set<string>();
    for (const q of this.queriers) for (const v of q.labelValues(name, matchers)) set.add(v);
    return [...set].sort();
  }
}

function asF64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** Merges parts of one series (each sorted by time) into one, bit-exact, deduplicating timestamps. */
export function mergeSeries(parts: readonly SeriesData[]): SeriesData {
  const nonEmpty = parts.filter((p) => p.timestamps.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? parts[0];
  const ordered = [...nonEmpty].sort((a, b) => a.timestamps[0] - b.timestamps[0]);
  let disjoint = true;
  for (let i = 1; i < ordered.length && disjoint; i++) {
    const prev = ordered[i - 1].timestamps;
    disjoint = prev[prev.length - 1] < ordered[i].timestamps[0];
  }
  return disjoint ? concatSeries(ordered) : kWayMerge(parts);
}

/** Concatenates time-ordered, non-overlapping parts (byte copies keep NaN payloads). */
function concatSeries(ordered: readonly SeriesData[]): SeriesData {
  let total = 0;
  for (const p of ordered) total += p.timestamps.length;
  const ts = new Float64Array(total);
  const vs = new Float64Array(total);
  let at = 0;
  for (const p of ordered) {
    ts.set(asF64(p.timestamps), at);
    vs.set(asF64(p.values), at);
    at += p.timestamps.length;
  }
  return { labels: ordered[0].labels, timestamps: ts, values: vs };
}

function kWayMerge(parts: readonly SeriesData[]): SeriesData {
  let total = 0;
  for (const p of parts) total += p.timestamps.length;
  const ts = new Float64Array(total);
  const vs = new Float64Array(total);
  const vb = new Uint32Array(vs.buffer);
  const srcT = parts.map((p) => asF64(p.timestamps));
  const srcB = parts.map((p) => {
    const v = asF64(p.values);
    return new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
  });
  const pos = new Array<number>(parts.length).fill(0);
  let n = 0;
  for (;;) {
    let best = -1;
    let bestT = Number.POSITIVE_INFINITY;
    for (let i = 0; i < parts.length; i++) {
      if (pos[i] < srcT[i].length) {
        const t = srcT[i][pos[i]];
        if (t <= bestT) {
          bestT = t;
          best = i;
        }
      }
    }
    if (best < 0) break;
    // Skip equal timestamps in earlier parts (the later part wins).
    for (let i = 0; i < parts.length; i++)
      if (i !== best && pos[i] < srcT[i].length && srcT[i][pos[i]] === bestT) pos[i]++;
    const k = pos[best]++;
    ts[n] = bestT;
    vb[2 * n] = srcB[best][2 * k];
    vb[2 * n + 1] = srcB[best][2 * k + 1];
    n++;
  }
  return { labels: parts[0].labels, timestamps: ts.subarray(0, n), values: vs.subarray(0, n) };
}
