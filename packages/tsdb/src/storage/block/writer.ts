import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Labels, labelsKey } from '../../model/labels.js';
import { TsdbError } from '../errors.js';
import type { ChunkMeta } from '../head/mem-series.js';
import { crc32 } from '../wal/crc32.js';
import {
  type BlockMeta,
  CHUNK_META_BYTES,
  CHUNKS_FILE,
  INDEX_FILE,
  INDEX_MAGIC,
  META_FILE,
  newBlockId,
} from './format.js';

export interface BlockSeries {
  labels: Labels;
  /** Chunks in time order, all within [minTime, maxTime). */
  chunks: readonly ChunkMeta[];
}

/**
 * Writes an immutable block folder under `parent` atomically (temp folder, fsync, rename).
 * Returns its meta.
 */
export function writeBlock(
  parent: string,
  series: readonly BlockSeries[],
  minTime: number,
  maxTime: number,
  sources: string[] = [],
  level = 1,
): BlockMeta {
  const id = newBlockId(minTime);
  const tmp = path.join(parent, `${id}.tmp`);
  const final = path.join(parent, id);
  const sorted = series
    .filter((s) => s.chunks.length > 0)
    .map((s) => ({ s, key: labelsKey(s.labels) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.s);
  try {
    fs.mkdirSync(tmp, { recursive: true });
    let numChunks = 0;
    let numSamples = 0;
    let chunkBytes = 0;
    const fd = fs.openSync(path.join(tmp, CHUNKS_FILE), 'w');
    try {
      const batch: Uint8Array[] = [];
      let batchBytes = 0;
      const drain = (): void => {
        if (batch.length === 0) return;
        fs.writevSync(fd, batch);
        batch.length = 0;
        batchBytes = 0;
      };
      for (const s of sorted) {
        for (const c of s.chunks) {
          batch.push(c.data);
          batchBytes += c.data.length;
          chunkBytes += c.data.length;
          numChunks++;
          numSamples += c.numSamples;
          if (batch.length >= 1000 || batchBytes >= 1 << 20) drain();
        }
      }
      drain();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const json = Buffer.from(JSON.stringify(sorted.map((s) => s.labels)), 'utf8');
    const index = Buffer.alloc(8 + 4 + json.length + 4 * sorted.length + numChunks * CHUNK_META_BYTES);
    index.write(INDEX_MAGIC, 0, 'latin1');
    index.writeUInt32LE(json.length, 8);
    json.copy(index, 12);
    let p = 12 + json.length;
    for (const s of sorted) {
      index.writeUInt32LE(s.chunks.length, p);
      p += 4;
      for (const c of s.chunks) {
        index.writeDoubleLE(c.mint, p);
        index.writeUInt32LE(c.maxt - c.mint, p + 8);
        index.writeUInt32LE(c.data.length, p + 12);
        index.writeUInt16LE(c.numSamples, p + 16);
        index.writeUInt32LE(crc32(c.data), p + 18);
        p += CHUNK_META_BYTES;
      }
    }
    writeFileSynced(path.join(tmp, INDEX_FILE), index);
    const meta: BlockMeta = {
      version: 1,
      id,
      minTime,
      maxTime,
      stats: { numSeries: sorted.length, numChunks, numSamples, bytes: chunkBytes + index.length },
      indexCrc32: crc32(index),
      compaction: { level, sources },
    };
    writeFileSynced(path.join(tmp, META_FILE), Buffer.from(`${JSON.stringify(meta, null, 2)}\n`));
    syncDir(tmp);
    fs.renameSync(tmp, final);
    syncDir(parent);
    return meta;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (err instanceof TsdbError) throw err;
    throw new TsdbError(
      'io',
      `cannot write block in ${parent}: ${(err as Error).message}; check free space and permissions`,
      {
        cause: err,
      },
    );
  }
}

function writeFileSynced(file: string, data: Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported everywhere; renames stay atomic.
  }
}
