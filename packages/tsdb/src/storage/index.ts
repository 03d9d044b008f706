export { Block } from './block/block.js';
export type { BlockMeta } from './block/format.js';
export { BlockImporter, type BlockImporterOptions } from './block/importer.js';
export type { RetentionPolicy } from './block/retention.js';
export { compactChunk } from './chunks/compact.js';
export {
  chunkNumSamples,
  decodeChunkInto,
  isDecimalChunk,
  SAMPLES_PER_CHUNK,
  XorEncoder,
  XorIterator,
} from './chunks/xor.js';
export { DB, type DBOpenReport, type DBOptions, type DBStats, DEFAULT_RETENTION_MS, openDB } from './db.js';
export { TsdbError, type TsdbErrorCode } from './errors.js';
export { HeadAppender } from './head/appender.js';
export { DEFAULT_CHUNK_RANGE_MS, Head, type HeadOptions, type HeadStats } from './head/head.js';
export type { ChunkMeta, MemSeries } from './head/mem-series.js';
export { HeadQuerier } from './head/querier.js';
export type { WalSink } from './head/wal-sink.js';
export { type CompiledMatcher, compileMatcher, compileMatchers, compileRegex } from './index/matchers.js';
export { PostingsIndex } from './index/postings.js';
export { DirLock } from './lock.js';
export type { ChunkQuerier, ChunkSeries } from './query/chunk-series.js';
export { DbQuerier } from './query/db-querier.js';
export { MergeQuerier, mergeSeries } from './query/merge-querier.js';
export { type HeadReplayStats, headReplayHandler } from './wal/head-replay.js';
export { Wal, type WalCorruption, type WalOptions, type WalReplayReport } from './wal/wal.js';
