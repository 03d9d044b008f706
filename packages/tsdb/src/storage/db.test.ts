import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStaleNaN, STALE_NAN } from '../model/value.js';
import { type DB, type DBOptions, openDB } from './db.js';
import { TsdbError } from './errors.js';
import type { SeriesData } from './types.js';

const RANGE = 60_000;
const T0 = Math.floor(1_700_000_000_000 / RANGE) * RANGE;
const tmpDirs: string[] = [];
const open: DB[] = [];
afterAll(() => {
  for (const db of open) db.close();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-db-'));
  tmpDirs.push(d);
  return d;
}
function openTest(dir: string, options: DBOptions = {}): DB {
  const db = openDB(dir, { blockRangeMs: RANGE, log: () => {}, ...options });
  open.push(db);
  return db;
}
function byName(db: DB, mint = -Infinity, maxt = Infinity): Map<string, SeriesData> {
  const out = new Map<string, SeriesData>();
  for (const s of db
    .querier(mint, maxt)
    .select([{ type: '=~', name: '__name__', value: 'm.*' }], mint, maxt)) {
    out.set(s.labels.i, s);
  }
  return out;
}

/** 10 series, one sample per second for `seconds`, value = i * 1e6 + second (every 97th stale). */
function ingest(db: DB, from: number, seconds: number): void {
  const app = db.appender();
  const refs = Array.from({ length: 10 }, (_, i) => app.ref({ __name__: `m${i % 2}`, i: `${i}` }));
  for (let s = from; s < from + seconds; s++) {
    for (let i = 0; i < 10; i++)
      app.appendRef(refs[i], T0 + s * 1000, s % 97 === 0 ? STALE_NAN : i * 1e6 + s);
    if (s % 10 === 9) app.commit();
  }
  app.commit();
}

function expectSeconds(s: SeriesData, i: number, from: number, to: number): void {
  expect(s.timestamps.length).toBe(to - from + 1);
  for (let k = 0; k < s.timestamps.length; k++) {
    const sec = from + k;
    expect(s.timestamps[k]).toBe(T0 + sec * 1000);
    if (sec % 97 === 0) expect(isStaleNaN(s.values[k])).toBe(true);
    else expect(s.values[k]).toBe(i * 1e6 + sec);
  }
}

describe('DB', () => {
  it('persists old head data into blocks, truncates the WAL and answers across blocks and head', () => {
    const dir = tmp();
    const db = openTest(dir);
    ingest(db, 0, 400);
    const metas = db.blockMetas();
    expect(metas.length).toBeGreaterThanOrEqual(5);
    expect(metas[0].minTime).toBe(T0);
    expect(metas[0].maxTime).toBe(T0 + RANGE);
    expect(metas[0].stats.numSamples).toBe(600);
    expect(fs.existsSync(path.join(dir, 'blocks', metas[0].id, 'chunks'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'wal')).some((n) => n.startsWith('checkpoint.'))).toBe(true);
    expect(db.head.mint).toBeGreaterThanOrEqual(T0 + 5 * RANGE);
    const all = byName(db);
    expect(all.size).toBe(10);
    for (const [i, s] of all) expectSeconds(s, Number(i), 0, 399);
    // A window straddling a block boundary and the head.
    const part = byName(db, T0 + 250_500, T0 + 330_000);
    expectSeconds(part.get('3')!, 3, 251, 330);
    expect(db.querier(T0, T0 + 1e6).labelValues('i')).toHaveLength(10);
    expect(db.querier(T0, T0 + 1e6).labelNames([{ type: '=', name: '__name__', value: 'm1' }])).toEqual([
      '__name__',
      'i',
    ]);
    db.close();

    const re = openTest(dir);
    expect(re.openReport.wal?.corruption).toEqual([]);
    const again = byName(re);
    for (const [i, s] of again) expectSeconds(s, Number(i), 0, 399);
    // Older than the persisted range: rejected with a clear error; newer: fine.
    expect(() => re.appender().append({ __name__: 'm0', i: '0' }, T0 + 1000, 1)).toThrow(TsdbError);
    ingest(re, 400, 100);
    for (const [i, s] of byName(re)) expectSeconds(s, Number(i), 0, 499);
    re.close();
  });

  it('deletes the oldest blocks by time retention and by size retention', () => {
    const dir = tmp();
    const db = openTest(dir, { retentionMs: 3 * RANGE });
    ingest(db, 0, 600);
    const metas = db.blockMetas();
    expect(metas[0].minTime).toBeGreaterThanOrEqual(T0 + 600_000 - 4 * RANGE - RANGE);
    expect(fs.readdirSync(path.join(dir, 'blocks')).length).toBe(metas.length);
    const first = byName(db).get('0')!;
    expect(first.timestamps[0]).toBeGreaterThan(T0 + 300_000);
    db.close();

    const dir2 = tmp();
    const db2 = openTest(dir2, { retentionMs: 0 });
    ingest(db2, 0, 600);
    const count = db2.blockMetas().length;
    const oneBlock = db2.stats().blocks.bytes / count;
    db2.close();
    const db3 = openTest(dir2, { retentionMs: 0, retentionBytes: db2.stats().walBytes + 3.5 * oneBlock });
    expect(db3.applyRetention().length).toBe(count - 3);
    expect(db3.blockMetas()).toHaveLength(3);
    db3.close();
  });

  it('refuses a second opener of the same folder with a clear error, and reopens after close', () => {
    const dir = tmp();
    const db = openTest(dir);
    let err: unknown;
    try {
      openDB(dir, { log: () => {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsdbError);
    expect((err as TsdbError).code).toBe('locked');
    expect((err as Error).message).toBe(
      `data folder ${dir} is locked by pid ${process.pid} (this process); stop that process or use another --data folder`,
    );
    db.close();
    openTest(dir).close();
  });

  it('validates options with an error naming the field', () => {
    expect(() => openDB(tmp(), { blockRangeMs: 5 })).toThrow(/blockRangeMs/);
    expect(() => openDB(tmp(), { retentionMs: -1 })).toThrow(/retentionMs/);
  });

  it('reports a damaged chunk in a block file instead of returning wrong data', () => {
    const dir = tmp();
    const db = openTest(dir);
    ingest(db, 0, 300);
    const meta = db.blockMetas()[0];
    const file = path.join(dir, 'blocks', meta.id, 'chunks');
    const buf = fs.readFileSync(file);
    buf[Math.floor(buf.length / 2)] ^= 0x10;
    fs.writeFileSync(file, buf);
    let err: unknown;
    try {
      byName(db);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsdbError);
    expect((err as TsdbError).code).toBe('corrupt_chunk');
    expect((err as Error).message).toMatch(/fails its checksum/);
    // Ranges outside the damaged block still answer.
    expect(byName(db, meta.maxTime, Infinity).size).toBe(10);
    db.close();
  });

  it('moves an unreadable block aside and keeps serving the rest', () => {
    const dir = tmp();
    const db = openTest(dir);
    ingest(db, 0, 300);
    const victim = db.blockMetas()[1].id;
    db.close();
    fs.writeFileSync(path.join(dir, 'blocks', victim, 'index'), 'garbage');
    const logs: string[] = [];
    const re = openTest(dir, { log: (l) => logs.push(l) });
    expect(re.openReport.corruptBlocks).toEqual([path.join(dir, 'blocks', victim)]);
    expect(logs.join('\n')).toMatch(/moved it aside/);
    expect(byName(re).get('0')!.timestamps.length).toBe(300 - 60);
    re.close();
  });
});

describe('DB.importer (backfill)', () => {
  it('writes series-grouped history as blocks that merge with live data', () => {
    const dir = tmp();
    const db = openTest(dir);
    const imp = db.importer({ maxBufferedSamples: 700 });
    const app = imp.appender();
    // Grouped by series: all of series 0, then all of series 1 (as in an OpenMetrics backfill).
    for (let i = 0; i < 3; i++) {
      for (let s = 0; s < 300; s++) {
        app.append(
          { __name__: `m${i % 2}`, i: `${i}` },
          T0 + s * 1000,
          s % 97 === 0 ? STALE_NAN : i * 1e6 + s,
        );
        if (s % 50 === 49) app.commit();
      }
      app.commit();
    }
    const metas = imp.finish();
    expect(metas.length).toBeGreaterThanOrEqual(5);
    // Live data continues after the history.
    const live = db.appender();
    live.append({ __name__: 'm0', i: '0' }, T0 + 300_000, 300);
    live.commit();
    const got = byName(db);
    expect(got.size).toBe(3);
    expectSeconds(got.get('0')!, 0, 0, 300);
    expectSeconds(got.get('2')!, 2, 0, 299);
    db.close();
    const re = openTest(dir);
    expectSeconds(byName(re).get('0')!, 0, 0, 300);
    // Imported history does not fence off live appends inside its range.
    const late = re.appender();
    late.append({ __name__: 'm1', i: 'new' }, T0 + 10_000, 1);
    late.commit();
    expect(byName(re).get('new')!.timestamps[0]).toBe(T0 + 10_000);
    re.close();
  });

  it('merges imported history that overlaps live head data (the head wins on equal timestamps)', () => {
    const db = openTest(tmp());
    const live = db.appender();
    for (let s = 100; s < 180; s++) live.append({ __name__: 'm0', i: '0' }, T0 + s * 1000, s);
    live.commit();
    expect(db.blockMetas()).toHaveLength(0);
    const imp = db.importer();
    const app = imp.appender();
    for (let s = 0; s < 150; s++) app.append({ __name__: 'm0', i: '0' }, T0 + s * 1000, -s);
    app.commit();
    imp.finish();
    const got = byName(db).get('0')!;
    expect(got.timestamps.length).toBe(180);
    for (let s = 0; s < 180; s++) {
      expect(got.timestamps[s]).toBe(T0 + s * 1000);
      expect(got.values[s]).toBe(s < 100 ? -s : s);
    }
    db.close();
  });
});
