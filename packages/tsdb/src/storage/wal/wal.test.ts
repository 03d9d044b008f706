import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isStaleNaN, STALE_NAN } from '../../model/value.js';
import { Head } from '../head/head.js';
import { writeHeadCheckpoint } from './checkpoint.js';
import { crc32, crc32Table } from './crc32.js';
import { headReplayHandler } from './head-replay.js';
import { HEADER_BYTES, SAMPLE_BYTES } from './records.js';
import { Wal, type WalOptions, type WalReplayReport } from './wal.js';

const T0 = 1_700_000_000_000;
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-wal-'));
  tmpDirs.push(d);
  return d;
}

function openHead(
  dir: string,
  options: WalOptions = {},
  chunkRange?: number,
): { head: Head; wal: Wal; report: WalReplayReport; logs: string[] } {
  const head = new Head({ chunkRange });
  const logs: string[] = [];
  const { handler } = headReplayHandler(head);
  const { wal, report } = Wal.open(dir, { log: (l) => logs.push(l), ...options }, handler);
  head.wal = wal;
  return { head, wal, report, logs };
}

function values(head: Head, name = 'm'): number[] {
  const out: number[] = [];
  for (const s of head
    .querier(-Infinity, Infinity)
    .select([{ type: '=', name: '__name__', value: name }], -Infinity, Infinity)) {
    out.push(...Array.from(s.values));
  }
  return out;
}

/** One series, `commits` commits of `k` samples: value i at T0 + i*1000. */
function writeSeq(dir: string, commits: number, k: number): void {
  const { head, wal } = openHead(dir);
  const app = head.appender();
  let i = 0;
  for (let c = 0; c < commits; c++) {
    for (let j = 0; j < k; j++, i++) app.append({ __name__: 'm' }, T0 + i * 1000, i);
    app.commit();
  }
  wal.close();
}

describe('WAL', () => {
  it('replays series and samples, bit-exact, across segments', () => {
    const dir = tmp();
    const { head, wal } = openHead(dir, { segmentBytes: 4096, syncIntervalMs: 0 });
    const app = head.appender();
    for (let i = 0; i < 2000; i++) {
      app.append({ __name__: 'm', s: 'a' }, T0 + i * 1000, i % 5 === 0 ? STALE_NAN : i);
      app.append({ __name__: 'm', s: 'b' }, T0 + i * 1000, -i);
      if (i % 10 === 9) app.commit();
    }
    app.commit();
    wal.close();
    expect(fs.readdirSync(dir).length).toBeGreaterThan(10);
    const re = openHead(dir);
    expect(re.report.corruption).toEqual([]);
    expect(re.head.numSeries).toBe(2);
    expect(re.head.numSamples).toBe(4000);
    const [a] = [
      ...re.head
        .querier(-Infinity, Infinity)
        .select([{ type: '=', name: 's', value: 'a' }], -Infinity, Infinity),
    ];
    for (let i = 0; i < 2000; i++) {
      expect(isStaleNaN(a.values[i])).toBe(i % 5 === 0);
      if (i % 5) expect(a.values[i]).toBe(i);
    }
    re.wal.close();
  });

  it('recovers the prefix before a truncation at any position and reports the loss', () => {
    const k = 5;
    const commits = 40;
    const src = tmp();
    writeSeq(src, commits, k);
    const segment = fs
      .readdirSync(src)
      .find((n) => /^\d{8}$/.test(n) && fs.statSync(path.join(src, n)).size > 0)!;
    const bytes = fs.readFileSync(path.join(src, segment));
    const seriesRecord = bytes.length - commits * (HEADER_BYTES + 12 + k * SAMPLE_BYTES);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, segment), bytes.subarray(0, cut));
        const { head, wal, report, logs } = openHead(dir);
        const whole =
          cut < seriesRecord ? 0 : Math.floor((cut - seriesRecord) / (HEADER_BYTES + 12 + k * SAMPLE_BYTES));
        const got = values(head);
        expect(got).toEqual(Array.from({ length: whole * k }, (_, i) => i));
        const atBoundary =
          cut === 0 ||
          cut === seriesRecord ||
          (cut > seriesRecord && (cut - seriesRecord) % (HEADER_BYTES + 12 + k * SAMPLE_BYTES) === 0);
        expect(report.corruption.length).toBe(atBoundary ? 0 : 1);
        expect(logs.length).toBe(atBoundary ? 0 : 1);
        if (!atBoundary) expect(report.corruption[0].droppedBytes).toBeGreaterThan(0);
        wal.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 40 },
    );
  });

  it('recovers the records before a flipped byte, drops later segments, and keeps working', () => {
    const k = 3;
    const src = tmp();
    const { head, wal } = openHead(src, { segmentBytes: 2048, syncIntervalMs: 0 });
    const app = head.appender();
    let i = 0;
    for (let c = 0; c < 100; c++) {
      for (let j = 0; j < k; j++, i++) app.append({ __name__: 'm' }, T0 + i * 1000, i);
      app.commit();
    }
    wal.close();
    const segs = fs
      .readdirSync(src)
      .filter((n) => /^\d{8}$/.test(n))
      .sort();
    expect(segs.length).toBeGreaterThan(3);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: segs.length - 2 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (segIdx, posSeed, xor) => {
          const dir = tmp();
          for (const s of segs) fs.copyFileSync(path.join(src, s), path.join(dir, s));
          const file = path.join(dir, segs[segIdx]);
          const buf = fs.readFileSync(file);
          if (buf.length === 0) return;
          const pos = posSeed % buf.length;
          buf[pos] ^= xor;
          fs.writeFileSync(file, buf);
          const re = openHead(dir);
          const got = values(re.head);
          // A prefix of the sequence, made of whole commits, ending before the damaged record.
          expect(got).toEqual(Array.from({ length: got.length }, (_, n) => n));
          expect(got.length % k).toBe(0);
          expect(got.length).toBeLessThan(300);
          expect(re.report.corruption).toHaveLength(1);
          expect(re.report.corruption[0].file).toBe(file);
          expect(re.report.corruption[0].droppedFiles.length).toBe(segs.length - 1 - segIdx);
          // Still writable, and the new data survives another restart.
          const app2 = re.head.appender();
          app2.append({ __name__: 'm' }, T0 + 10_000_000, 1e6);
          app2.commit();
          re.wal.close();
          const again = openHead(dir);
          expect(again.report.corruption).toEqual([]);
          expect(values(again.head)).toEqual([...got, 1e6]);
          again.wal.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('replaces old segments with a checkpoint of the head', () => {
    const dir = tmp();
    const { head, wal } = openHead(dir, { segmentBytes: 1024, syncIntervalMs: 0 }, 100_000);
    const app = head.appender();
    for (let i = 0; i < 500; i++) {
      app.append({ __name__: 'm' }, T0 + i * 1000, i);
      app.append({ __name__: 'gone' }, T0 + i * 1000, i);
      app.commit();
    }
    head.truncateBefore(T0 + 300_000);
    expect(head.numSeries).toBe(2);
    const name = wal.checkpoint((out, drain) => writeHeadCheckpoint(head, out, drain));
    const files = fs.readdirSync(dir);
    expect(files).toContain(name);
    expect(files.filter((n) => /^\d{8}$/.test(n))).toHaveLength(1);
    const app2 = head.appender();
    app2.append({ __name__: 'm' }, T0 + 600_000, 600);
    expect(() => app2.append({ __name__: 'm' }, T0 + 200_000, 1)).toThrow(/out of order/);
    app2.commit();
    const expected = values(head);
    wal.close();
    const re = openHead(dir, {}, 100_000);
    expect(re.report.checkpoint).toBe(name);
    expect(values(re.head)).toEqual(expected);
    expect(() => re.head.appender().append({ __name__: 'm' }, T0 + 600_000, 5)).toThrow(/duplicate/);
    re.wal.close();
  });

  it('fsyncs in the background, reports durable commit sequence numbers, and cuts segments', async () => {
    const dir = tmp();
    const { head, wal } = openHead(dir, { segmentBytes: 2048, syncIntervalMs: 10 });
    const seen: number[] = [];
    wal.onSync = (seq) => seen.push(seq);
    wal.start();
    const app = head.appender();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 40; i++) {
        app.append({ __name__: 'm' }, T0 + (round * 40 + i) * 1000, round * 40 + i);
        app.commit();
      }
      await new Promise((r) => setTimeout(r, 30));
    }
    for (let waited = 0; wal.syncedCommits < 200 && waited < 5000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(200);
    expect(wal.syncedCommits).toBe(200);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    wal.close();
    expect(fs.readdirSync(dir).length).toBeGreaterThan(2);
    const re = openHead(dir);
    expect(values(re.head)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    re.wal.close();
  });

  it('detects a flipped bit anywhere, including record types, and keeps exactly the records before it', () => {
    const src = tmp();
    writeSeq(src, 6, 2);
    const segment = fs
      .readdirSync(src)
      .find((n) => /^\d{8}$/.test(n) && fs.statSync(path.join(src, n)).size > 0)!;
    const bytes = fs.readFileSync(path.join(src, segment));
    const recordBytes = HEADER_BYTES + 12 + 2 * SAMPLE_BYTES;
    const seriesRecord = bytes.length - 6 * recordBytes;
    for (let pos = 0; pos < bytes.length; pos++) {
      for (const bit of [0x01, 0x80]) {
        const dir = tmp();
        const copy = Buffer.from(bytes);
        copy[pos] ^= bit;
        fs.writeFileSync(path.join(dir, segment), copy);
        const { head, wal, report } = openHead(dir);
        const before = pos < seriesRecord ? 0 : Math.floor((pos - seriesRecord) / recordBytes) * 2;
        expect(report.corruption, `flip 0x${bit.toString(16)} at byte ${pos}`).toHaveLength(1);
        expect(values(head)).toEqual(Array.from({ length: before }, (_, i) => i));
        wal.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('computes the same CRC-32 natively and with the table, incrementally too', () => {
    const a = Buffer.from('write-ahead ');
    const b = Buffer.from('log');
    const whole = Buffer.concat([a, b]);
    expect(crc32Table(whole)).toBe(crc32(whole));
    expect(crc32(b, crc32(a))).toBe(crc32(whole));
    expect(crc32Table(b, crc32Table(a))).toBe(crc32(whole));
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
