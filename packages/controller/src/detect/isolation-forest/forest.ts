import { createPrng } from './prng.js';

/** Options of an isolation forest (Liu, Ting, Zhou 2008). */
export interface ForestOptions {
  trees: number;
  /** Sub-sample size per tree (psi); 256 in the paper. */
  sampleSize: number;
  seed: number;
}

/** A tree stored flat: internal nodes split `feature` at `split`; leaves hold their sample count. */
interface Tree {
  feature: Int32Array;
  split: Float64Array;
  left: Int32Array;
  right: Int32Array;
  size: Int32Array;
}

export interface IsolationForest {
  trees: Tree[];
  /** c(psi): the average path length of an unsuccessful BST search, the score's normaliser. */
  c: number;
  dimensions: number;
  trainingSize: number;
}

const EULER = 0.5772156649015329;

/** c(n) = 2 H(n - 1) - 2 (n - 1) / n, with H(i) ~ ln(i) + Euler's constant; c(2) = 1, c(n <= 1) = 0. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

function buildTree(
  rows: readonly (readonly number[])[],
  idx: number[],
  limit: number,
  rand: () => number,
): Tree {
  const feature: number[] = [];
  const split: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const size: number[] = [];
  const dims = rows[0].length;
  const grow = (members: number[], depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    split.push(0);
    left.push(-1);
    right.push(-1);
    size.push(members.length);
    if (depth >= limit || members.length <= 1) return node;
    // Pick a feature that is not constant over the members (try each at most once, in random order).
    const order = Array.from({ length: dims }, (_, i) => i);
    for (let i = dims - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const f of order) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const m of members) {
        const x = rows[m][f];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      if (!(hi > lo)) continue;
      let s = lo + rand() * (hi - lo);
      if (s <= lo) s = (lo + hi) / 2;
      const l: number[] = [];
      const r: number[] = [];
      for (const m of members) (rows[m][f] < s ? l : r).push(m);
      feature[node] = f;
      split[node] = s;
      const ln = grow(l, depth + 1);
      const rn = grow(r, depth + 1);
      left[node] = ln;
      right[node] = rn;
      return node;
    }
    return node; // every feature constant: a leaf
  };
  grow(idx, 0);
  return {
    feature: Int32Array.from(feature),
    split: Float64Array.from(split),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    size: Int32Array.from(size),
  };
}

/** Fits a forest on rows of equal length (at least one row). */
export function fitForest(rows: readonly (readonly number[])[], opts: ForestOptions): IsolationForest {
  const rand = createPrng(opts.seed);
  const psi = Math.min(opts.sampleSize, rows.length);
  const limit = Math.ceil(Math.log2(Math.max(2, psi)));
  const trees: Tree[] = [];
  const all = Array.from({ length: rows.length }, (_, i) => i);
  for (let k = 0; k < opts.trees; k++) {
    // Sample psi rows without replacement (partial Fisher-Yates).
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(rand() * (all.length - i));
      [all[i], all[j]] = [all[j], all[i]];
    }
    trees.push(buildTree(rows, all.slice(0, psi), limit, rand));
  }
  return { trees, c: averagePathLength(psi), dimensions: rows[0]?.length ?? 0, trainingSize: rows.length };
}

function pathLength(tree: Tree, row: readonly number[]): number {
  let node = 0;
  let depth = 0;
  while (tree.feature[node] >= 0) {
    node = row[tree.feature[node]] < tree.split[node] ? tree.left[node] : tree.right[node];
    depth++;
  }
  return depth + averagePathLength(tree.size[node]);
}

/** Mean path length of a row over the trees. */
export function meanPathLength(forest: IsolationForest, row: readonly number[]): number {
  let sum = 0;
  for (const t of forest.trees) sum += pathLength(t, row);
  return forest.trees.length ? sum / forest.trees.length : 0;
}

/** The anomaly score s = 2^(-E[h(x)] / c(psi)) in [0, 1]: near 1 isolated quickly (anomalous), about 0.5 or less normal. */
export function anomalyScore(forest: IsolationForest, row: readonly number[]): number {
  if (forest.c <= 0) return 0.5;
  const s = 2 ** (-meanPathLength(forest, row) / forest.c);
  return Math.min(1, Math.max(0, s));
}
