import type { Labels } from '../../model/labels.js';
import type { CompiledMatcher } from './matchers.js';

/** A sorted list of series references without duplicates. */
export type Postings = readonly number[];

/** Intersection of two sorted postings lists. */
export function intersect(a: Postings, b: Postings): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Elements of sorted `a` that are not in sorted `b`. */
export function subtract(a: Postings, b: Postings): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    while (j < b.length && b[j] < x) j++;
    if (j < b.length && b[j] === x) continue;
    out.push(x);
  }
  return out;
}

/** Union of several sorted postings lists. */
export function union(lists: readonly Postings[]): number[] {
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0].slice();
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Float64Array(total);
  let k = 0;
  for (const l of lists) for (let i = 0; i < l.length; i++) all[k++] = l[i];
  all.sort();
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) out.push(all[i]);
  return out;
}

/**
 * Inverted index: label name → label value → sorted series refs. Refs must be added in
 * increasing order (the head assigns them monotonically), which keeps every list sorted.
 */
export class PostingsIndex {
  private readonly byName = new Map<string, Map<string, number[]>>();
  private all: number[] = [];

  add(ref: number, labels: Labels): void {
    this.all.push(ref);
    for (const name in labels) {
      let values = this.byName.get(name);
      if (!values) {
        values = new Map();
        this.byName.set(name, values);
      }
      const list = values.get(labels[name]);
      if (list) list.push(ref);
      else values.set(labels[name], [ref]);
    }
  }

  /** Removes a set of refs (sorted) from every list. */
  remove(refs: Postings, labelsOf: (ref: number) => Labels | undefined): void {
    if (refs.length === 0) return;
    const touched = new Map<string, Set<string>>();
    for (const ref of refs) {
      const labels = labelsOf(ref);
      if (!labels) continue;
      for (const name in labels) {
        let s = touched.get(name);
        if (!s) touched.set(name, (s = new Set()));
        s.add(labels[name]);
      }
    }
    for (const [name, vals] of touched) {
      const values = this.byName.get(name);
      if (!values) continue;
      for (const v of vals) {
        const list = values.get(v);
        if (!list) continue;
        const left = subtract(list, refs);
        if (left.length) values.set(v, left);
        else values.delete(v);
      }
      if (values.size === 0) this.byName.delete(name);
    }
    this.all = subtract(this.all, refs);
  }

  allPostings(): Postings {
    return this.all;
  }

  get(name: string, value: string): Postings {
    return this.byName.get(name)?.get(value) ?? [];
  }

  labelNames(): string[] {
    return [...this.byName.keys()].sort();
  }

  labelValues(name: string): string[] {
    const values = this.byName.get(name);
    return values ? [...values.keys()].sort() : [];
  }

  /** Union of the postings of every value of `name` accepted by `accept`. */
  private unionWhere(name: string, accept: (v: string) => boolean): number[] {
    const values = this.byName.get(name);
    if (!values) return [];
    const lists: Postings[] = [];
    for (const [v, list] of values) if (accept(v)) lists.push(list);
    return union(lists);
  }

  /**
   * Series matching every matcher, with Prometheus semantics: a matcher that accepts the empty
   * string also selects series lacking the label. Positive matchers are intersected first; the
   * others subtract the series whose value they reject.
   */
  select(matchers: readonly CompiledMatcher[]): number[] {
    let result: number[] | null = null;
    const negatives: CompiledMatcher[] = [];
    for (const m of matchers) {
      if (m.matchesEmpty) {
        negatives.push(m);
        continue;
      }
      const set =
        m.type === '=' ? (this.get(m.name, m.value) as number[]) : this.unionWhere(m.name, m.matches);
      result = result === null ? set.slice() : intersect(result, set);
      if (result.length === 0) return result;
    }
    if (result === null) result = this.all.slice();
    for (const m of negatives) {
      const rejected = this.unionWhere(m.name, (v) => !m.matches(v));
      if (rejected.length) result = subtract(result, rejected);
      if (result.length === 0) break;
    }
    return result;
  }
}
