import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ScrapeError } from '../scrape/errors.js';
import { OpenMetricsParser } from '../scrape/parse/openmetrics.js';
import { openDB } from '../storage/db.js';
import { Head } from '../storage/head/head.js';
import type { Appendable } from '../storage/types.js';
import { ByteLine } from './byte-line.js';
import { importOpenMetrics } from './openmetrics-import.js';

interface Rec {
  labels: Record<string, string>;
  t: number;
  v: number;
}

/** An appendable without series refs that records every append, accepting everything. */
function recorder(): Appendable & { recs: Rec[] } {
  const recs: Rec[] = [];
  return {
    recs,
    appender: () => ({
      append: (labels, t, v) => recs.push({ labels: { ...labels }, t, v }),
      commit() {},
      rollback() {},
    }),
  };
}

/**
 * What the text path (the parser alone, no caches, every line decoded) yields for a file: the
 * samples with a timestamp (empty label values dropped) and the lines it rejects.
 */
function reference(text: string): { recs: Rec[]; badLines: number[] } {
  const recs: Rec[] = [];
  const badLines: number[] = [];
  const parser = new OpenMetricsParser({
    sample: (s) => {
      if (s.timestampMs === undefined) {
        badLines.push(s.line);
        return;
      }
      const labels: Record<string, string> = {};
      for (const k in s.labels) if (s.labels[k] !== '') labels[k] = s.labels[k];
      recs.push({ labels, t: s.timestampMs, v: s.value });
    },
  });
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => {
    try {
      parser.line(l, 0, l.length, i + 1);
    } catch (e) {
      if (!(e instanceof ScrapeError)) throw e;
      badLines.push(i + 1);
    }
  });
  return { recs, badLines };
}

function chopped(text: string, size: number): Readable {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

const T = 1_700_000_000;
/** Every form the fast path must either read exactly or hand to the text parser. */
const MIXED = [
  '# HELP req Requests with a \\n newline.',
  '# TYPE req counter',
  '# UNIT req requests',
  `req_total{path="/a\\"b\\\\c\\nd",code="200"} 1 ${T}`,
  `req_total{path="/a\\"b\\\\c\\nd",code="200"} 2 ${T + 15}`,
  `req_total{code="200",path="/a\\"b\\\\c\\nd"} 3 ${T + 30}`, // same labels, other order
  `req_total{path="/a\\"b\\\\c\\nd",code="200"} 4 ${T + 45} # {trace_id="abc"} 1 ${T + 44}`,
  `req_total{path="/a\\"b\\\\c\\nd",code="200"} 5 ${T + 60} # {trace_id="def"} 1`,
  `cpu{core="0",city="Zürich ☃"} 0.12345678901234567 ${T}.5`,
  `cpu{core="0",city="Zürich ☃"} 0.1234567890123 ${T + 15}.25`,
  `cpu{core="0",city="Zürich ☃"} -0.5 ${T + 30}.125`,
  `cpu{core="0",city="Zürich ☃"} -0 ${T + 45}`,
  `cpu{core="0",city="Zürich ☃"} 1e3 ${T + 60}`,
  `cpu{core="0",city="Zürich ☃"} 1.5E-3 ${T + 75}`,
  `cpu{core="0",city="Zürich ☃"} +Inf ${T + 90}`,
  `cpu{core="0",city="Zürich ☃"} -Inf ${T + 105}`,
  `cpu{core="0",city="Zürich ☃"} NaN ${T + 120}`,
  `cpu{core="0",city="Zürich ☃"} .5 ${T + 135}`,
  `cpu{core="0",city="Zürich ☃"} 7. ${T + 150}`,
  `cpu{core="0",city="Zürich ☃"} 0007 ${T + 165}`,
  `cpu{core="0",city="Zürich ☃"} 123456789012345 ${T + 180}`,
  `cpu{core="0",city="Zürich ☃"} 1234567890123456789 ${T + 195}`,
  `cpu{core="0",city="Zürich ☃"} 2 1.7e9`,
  `cpu{core="0",city="Zürich ☃"} 3 ${T + 210}.0001`,
  `up 1 ${T}`,
  `up 0 ${T + 15}`,
  `{"my.metric",a="b"} 1 ${T}`,
  `{"my.metric",a="b"} 2 ${T + 15}`,
  `empty{a="",b="x"} 1 ${T}`,
  `empty{a="",b="x"} 2 ${T + 15}`,
  `up 2`, // no timestamp
  `up  3 ${T + 30}`, // two spaces
  `up 4 ${T + 45} `, // trailing space
  `up 5\t${T + 60}`, // tab
  `up{ 6 ${T + 75}`, // broken label set
  `up 0x10 ${T + 90}`, // not a float in Go
  `up 7 ${T + 105}\r`, // CR
  `up 1.2.3 ${T + 120}`,
  `up - ${T + 135}`,
  `up 8 -${T}`,
  '',
  `up 9 ${T + 150}`,
  '# EOF',
  `up 10 ${T + 165}`, // after EOF
  '',
].join('\n');

describe('byte-level fast path of the OpenMetrics importer', () => {
  it('imports exactly what the text parser reads, whatever the chunking', async () => {
    const ref = reference(MIXED);
    expect(ref.recs.length).toBeGreaterThan(25);
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const rec = recorder();
      const report = await importOpenMetrics(chopped(MIXED, size), rec);
      expect(rec.recs, `chunks of ${size}`).toEqual(ref.recs);
      // toEqual treats -0 as 0 and NaN as NaN: check the exact doubles too.
      for (const [i, r] of rec.recs.entries())
        expect(Object.is(r.v, ref.recs[i].v), `sample ${i}`).toBe(true);
      expect(report.samples).toBe(ref.recs.length);
      expect(report.errors.map((e) => e.line)).toEqual(ref.badLines);
    }
  });

  it('reads escaped and UTF-8 label values, skips exemplars and comments', async () => {
    const rec = recorder();
    const report = await importOpenMetrics(Readable.from([MIXED]), rec);
    const reqs = rec.recs.filter((r) => r.labels.__name__ === 'req_total');
    expect(reqs.map((r) => [r.labels.path, r.t, r.v])).toEqual(
      [1, 2, 3, 4, 5].map((v, i) => ['/a"b\\c\nd', (T + 15 * i) * 1000, v]),
    );
    const cpu = rec.recs.filter((r) => r.labels.__name__ === 'cpu');
    expect(cpu[0]).toEqual({
      labels: { __name__: 'cpu', core: '0', city: 'Zürich ☃' },
      t: T * 1000 + 500,
      v: Number('0.12345678901234567'),
    });
    expect(cpu.map((r) => r.v)).toContain(Number('1234567890123456789'));
    expect(rec.recs.find((r) => r.labels.__name__ === 'my.metric')?.labels).toEqual({
      __name__: 'my.metric',
      a: 'b',
    });
    expect(rec.recs.find((r) => r.labels.__name__ === 'empty')?.labels).toEqual({
      __name__: 'empty',
      b: 'x',
    });
    expect(report.series).toBe(5);
    const byLine = new Map(report.errors.map((e) => [e.line, e.message]));
    expect(byLine.get(31)).toContain('has no timestamp');
    expect(byLine.get(35)).toMatch(/label/);
    expect(byLine.get(44)).toContain('after "# EOF"');
  });

  it('keeps the store checks: duplicates ignored, out-of-order and changed values rejected by line', async () => {
    const text = [
      `m{a="1"} 1 ${T}`,
      `m{a="1"} 2 ${T + 15}`,
      `m{a="1"} 2 ${T + 15}`, // exact duplicate: ignored
      `m{a="1"} 3 ${T + 15}`, // same time, other value
      `m{a="1"} 4 ${T + 5}`, // out of order
      `m{a="1"} 5 ${T + 30}`,
      '# EOF',
    ].join('\n');
    const head = new Head();
    const report = await importOpenMetrics(chopped(text, 5), head, { batchSize: 2 });
    expect(report.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(report.samples).toBe(4); // the duplicate is accepted (and not stored twice)
    const s = [...head.querier(0, 2e12).select([{ type: '=', name: 'a', value: '1' }], 0, 2e12)][0];
    expect(Array.from(s.values)).toEqual([1, 2, 5]);
    expect(Array.from(s.timestamps)).toEqual([T * 1000, (T + 15) * 1000, (T + 30) * 1000]);
  });

  it('failFast names the bad line even on a known series', async () => {
    const head = new Head();
    await expect(
      importOpenMetrics(Readable.from([`a 1 ${T}\na 2 ${T + 15}\na 2x ${T + 30}\n# EOF\n`]), head, {
        failFast: true,
      }),
    ).rejects.toThrow(/line 3/);
  });

  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes the same data through the block importer when it flushes mid-import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'om-import-'));
    dirs.push(dir);
    const db = openDB(dir, { log: () => {} });
    try {
      const lines: string[] = [];
      for (let s = 0; s < 7; s++)
        for (let i = 0; i < 300; i++) lines.push(`g{s="${s}"} ${s * 1000 + i * 0.25} ${T + i * 15}`);
      lines.push('# EOF');
      const imp = db.importer({ maxBufferedSamples: 250 });
      const report = await importOpenMetrics(chopped(lines.join('\n'), 999), imp, { batchSize: 100 });
      imp.finish();
      expect(report).toMatchObject({ samples: 2100, series: 7, errorCount: 0 });
      expect(imp.written.length).toBeGreaterThan(5);
      const got = [...db.querier(0, 2e12).select([{ type: '=', name: '__name__', value: 'g' }], 0, 2e12)];
      expect(got.length).toBe(7);
      for (const series of got) {
        const s = Number(series.labels.s);
        expect(Array.from(series.values)).toEqual(Array.from({ length: 300 }, (_, i) => s * 1000 + i * 0.25));
        expect(series.timestamps[299]).toBe((T + 299 * 15) * 1000);
      }
    } finally {
      db.close();
    }
  });
});

describe('ByteLine', () => {
  const bl = new ByteLine();
  const b = (s: string) => Buffer.from(s);
  it('finds the series end as the text parser does', () => {
    for (const [line, end] of [
      ['up 1', 2],
      ['a:b_c{x="y"} 1', 12],
      ['{"q"} 1', 5],
      ['m{a="}\\""} 1', 10],
      ['m{a="x', -1],
      ['1m 1', -1],
      ['m', 1],
    ] as const)
      expect(bl.seriesEnd(b(line), 0, b(line).length), line).toBe(end);
  });
  it('reads plain decimals exactly and refuses other forms', () => {
    for (const tok of [
      '0',
      '-0',
      '1.5',
      '0.1',
      '0.3',
      '123456789012345',
      '1234567890123456789',
      '0.12345678901234567',
      '.5',
      '7.',
      '-12.000000000001',
    ]) {
      const v = bl.decimal(b(tok), 0, tok.length);
      expect(Object.is(v, Number(tok)), tok).toBe(true);
    }
    for (const tok of ['', '-', '.', '1e3', '+1', 'NaN', '1.2.3', '0x1', '1\t'])
      expect(bl.decimal(b(tok), 0, tok.length), tok).toBeNaN();
  });
});
