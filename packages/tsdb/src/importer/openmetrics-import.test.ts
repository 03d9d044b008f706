import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Head } from '../storage/head/head.js';
import { importOpenMetrics } from './openmetrics-import.js';

function* lines(series: number, points: number): Generator<string> {
  yield '# HELP load_total a counter\n# TYPE load_total counter\n';
  for (let s = 0; s < series; s++) {
    for (let i = 0; i < points; i++) yield `load_total{shard="${s}"} ${i * 2} ${1_700_000_000 + i * 15}\n`;
  }
  yield '# EOF\n';
}

/** A stream that cuts its text at awkward places (inside lines and multi-byte characters). */
function chopped(text: string, size: number): Readable {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('OpenMetrics backfill import', () => {
  it('streams samples into the store in batches and reports them', async () => {
    const head = new Head();
    const report = await importOpenMetrics(Readable.from(lines(20, 500)), head, { batchSize: 777 });
    expect(report).toMatchObject({
      samples: 10_000,
      series: 20,
      errorCount: 0,
      minTimeMs: 1_700_000_000_000,
      maxTimeMs: 1_700_000_000_000 + 499 * 15_000,
    });
    const q = head.querier(0, 2e12);
    const s = [...q.select([{ type: '=', name: 'shard', value: '7' }], 0, 2e12)][0];
    expect(s.values.length).toBe(500);
    expect(s.values[499]).toBe(998);
    expect(s.timestamps[1]).toBe(1_700_000_015_000);
  });

  it('handles chunks split inside lines and UTF-8 characters', async () => {
    const text = 'm{city="Zürich ☃"} 1 1700000000.5\nm{city="Zürich ☃"} 2 1700000001\n# EOF\n';
    const head = new Head();
    const report = await importOpenMetrics(chopped(text, 3), head);
    expect(report.errors).toEqual([]);
    const s = [...head.querier(0, 2e12).select([{ type: '=', name: '__name__', value: 'm' }], 0, 2e12)][0];
    expect(s.labels.city).toBe('Zürich ☃');
    expect(Array.from(s.timestamps)).toEqual([1_700_000_000_500, 1_700_000_001_000]);
  });

  it('skips bad lines, reports them by line number and keeps the rest', async () => {
    const text = ['a 1 1700000000', 'a{ 2 1700000015', 'a 3', 'a 4 1700000030', 'a 5 1700000020'].join('\n');
    const head = new Head();
    const report = await importOpenMetrics(Readable.from([text]), head);
    expect(report.samples).toBe(2);
    expect(report.errors.map((e) => e.line)).toEqual([2, 3, 5, 5]);
    expect(report.errors[1].message).toContain('has no timestamp');
    expect(report.errors[3].message).toContain('# EOF');
    const s = [...head.querier(0, 2e12).select([{ type: '=', name: '__name__', value: 'a' }], 0, 2e12)][0];
    expect(Array.from(s.values)).toEqual([1, 4]);
  });

  it('failFast stops at the first bad line but keeps what was accepted', async () => {
    const head = new Head();
    await expect(
      importOpenMetrics(Readable.from(['a 1 1700000000\nb} 2 1700000000\na 3 1700000015\n']), head, {
        failFast: true,
      }),
    ).rejects.toThrow(/line 2/);
    expect(head.numSeries).toBe(1);
  });
});
