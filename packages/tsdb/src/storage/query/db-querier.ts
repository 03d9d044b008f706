import type { Labels } from '../../model/labels.js';
import type { ChunkMeta } from '../head/mem-series.js';
import { decodeChunks } from '../head/querier.js';
import type { Matcher, Querier, SeriesData } from '../types.js';
import type { ChunkQuerier } from './chunk-series.js';
import { mergeSeries } from './merge-querier.js';

interface Group {
  labels: Labels;
  /** Chunk lists per source, in source order (older sources first). */
  parts: ChunkMeta[][];
}

/**
 * Reads blocks and the head together: collects each series' encoded chunks from every source
 * and decodes them once into one array. Overlapping sources (imported history) fall back to a
 * per-source decode and a merge in which the later source wins on equal timestamps.
 */
export class DbQuerier implements Querier {
  private readonly sources: readonly ChunkQuerier[];

  /** `sources` ordered oldest first (blocks by time, then the head). */
  constructor(sources: readonly ChunkQuerier[]) {
    this.sources = sources;
  }

  *select(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<SeriesData> {
    if (this.sources.length === 1) {
      yield* this.sources[0].select(matchers, mint, maxt);
      return;
    }
    const groups = new Map<string, Group>();
    for (const src of this.sources) {
      for (const cs of src.selectChunks(matchers, mint, maxt)) {
        const g = groups.get(cs.key);
        if (g) g.parts.push(cs.chunks);
        else groups.set(cs.key, { labels: cs.labels, parts: [cs.chunks] });
      }
    }
    for (const g of groups.values()) {
      const s = decodeGroup(g, mint, maxt);
      if (s.timestamps.length) yield s;
    }
  }

  labelNames(matchers?: readonly Matcher[]): string[] {
    const set = new Set<string>();
    for (const q of this.sources) for (const n of q.labelNames(matchers)) set.add(n);
    return [...set].sort();
  }

  labelValues(name: string, matchers?: readonly Matcher[]): string[] {
    const set = new Set<string>();
    for (const q of this.sources) for (const v of q.labelValues(name, matchers)) set.add(v);
    return [...set].sort();
  }
}

function decodeGroup(g: Group, mint: number, maxt: number): SeriesData {
  const chunks = g.parts.length === 1 ? g.parts[0] : g.parts.flat();
  if (g.parts.length > 1) chunks.sort((a, b) => a.mint - b.mint);
  let disjoint = true;
  for (let i = 1; i < chunks.length; i++) {
    if (chunks[i].mint <= chunks[i - 1].maxt) {
      disjoint = false;
      break;
    }
  }
  if (disjoint) {
    const d = decodeChunks(chunks, mint, maxt);
    return { labels: g.labels, timestamps: d.timestamps, values: d.values };
  }
  return mergeSeries(
    g.parts.map((p) => {
      const d = decodeChunks(p, mint, maxt);
      return { labels: g.labels, timestamps: d.timestamps, values: d.values };
    }),
  );
}
