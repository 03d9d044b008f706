/**
 * On-disk block layout (a folder per block, written once, never modified):
 *   meta.json  BlockMeta (JSON)
 *   chunks     encoded XOR chunks, series after series, chunks of a series contiguous in time order
 *   index      `CZTSIDX1` magic, u32 LE length of a UTF-8 JSON array of label sets (series
 *              sorted by label key), the JSON, then per series: u32 chunk count and per chunk
 *              mint f64, maxt - mint u32, byte length u32, sample count u16, crc32 of the
 *              chunk bytes u32 (all little-endian; the crc is checked whenever a chunk is read).
 *              Chunk offsets follow from the lengths (the chunks file is in the same order).
 */
export const INDEX_MAGIC = 'CZTSIDX1';
export const CHUNK_META_BYTES = 22;
export const META_FILE = 'meta.json';
export const CHUNKS_FILE = 'chunks';
export const INDEX_FILE = 'index';

export interface BlockMeta {
  version: 1;
  id: string;
  /** Inclusive lower bound, exclusive upper bound of the block's time range (ms). */
  minTime: number;
  maxTime: number;
  stats: { numSeries: number; numChunks: number; numSamples: number; bytes: number };
  /** crc32 of the index file, checked on open. */
  indexCrc32: number;
  compaction: { level: number; sources: string[] };
}

/** A sortable, unique block id: zero-padded min time, then random hex. */
export function newBlockId(minTime: number): string {
  const rand = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `${String(Math.max(0, minTime)).padStart(15, '0')}-${rand}`;
}
