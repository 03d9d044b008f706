import type { Labels } from '../../model/labels.js';
import type { ChunkMeta } from '../head/mem-series.js';
import type { Matcher, Querier } from '../types.js';

/** One series' encoded chunks overlapping a queried range (not yet decoded). */
export interface ChunkSeries {
  labels: Labels;
  /** labelsKey(labels). */
  key: string;
  /** In time order. */
  chunks: ChunkMeta[];
}

/** A querier that can also hand out encoded chunks, so a merge decodes each sample once. */
export interface ChunkQuerier extends Querier {
  selectChunks(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<ChunkSeries>;
}
