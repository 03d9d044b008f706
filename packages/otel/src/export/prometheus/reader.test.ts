import { gunzipSync } from 'node:zlib';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusReader } from './reader.js';

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

async function setup(cardinalityLimit = 2000) {
  const reader = new PrometheusReader({ host: '127.0.0.1', port: 0, cardinalityLimit });
  provider = new MeterProvider({ readers: [reader] });
  const url = await reader.listen();
  return { reader, url, meter: provider.getMeter('test') };
}

describe('PrometheusReader', () => {
  it('serves counters, gauges and cumulative histograms in the text format', async () => {
    const { url, meter } = await setup();
    meter
      .createCounter('jobs', { unit: '{job}', description: 'Jobs "done"\nhere' })
      .add(3, { queue: 'a"b\\c' });
    const h = meter.createHistogram('work.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    h.record(0.05);
    h.record(0.5);
    h.record(5);
    meter.createObservableGauge('temp.ratio', { unit: '1' }).addCallback((r) => r.observe(0.25));
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toContain('version=0.0.4');
    const text = await res.text();
    expect(text).toContain('# HELP jobs_total Jobs "done"\\nhere\n# TYPE jobs_total counter\n');
    expect(text).toContain('jobs_total{queue="a\\"b\\\\c"} 3\n');
    expect(text).toContain('work_duration_seconds_bucket{le="0.1"} 1\n');
    expect(text).toContain('work_duration_seconds_bucket{le="1"} 2\n');
    expect(text).toContain('work_duration_seconds_bucket{le="+Inf"} 3\n');
    expect(text).toContain('work_duration_seconds_sum 5.55\n');
    expect(text).toContain('work_duration_seconds_count 3\n');
    expect(text).toContain('temp_ratio 0.25\n');
    expect(text.startsWith('# HELP target_info')).toBe(true);
  });

  it('gzips when asked, and answers 404 and 405 elsewhere', async () => {
    const { url, meter } = await setup();
    meter.createCounter('x').add(1);
    const res = await fetch(url, {
      headers: { 'accept-encoding': 'gzip' },
      decompress: false,
    } as RequestInit);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch decompresses transparently; the raw stream is checked through node:http below
    expect(await res.text()).toContain('x_total 1');
    const raw = await new Promise<Buffer>((resolve, reject) => {
      require('node:http')
        .get(url, { headers: { 'accept-encoding': 'gzip' } }, (r: import('node:http').IncomingMessage) => {
          const parts: Buffer[] = [];
          r.on('data', (d: Buffer) => parts.push(d));
          r.on('end', () => resolve(Buffer.concat(parts)));
        })
        .on('error', reject);
    });
    expect(gunzipSync(raw).toString()).toContain('x_total 1');
    expect((await fetch(url.replace('/metrics', '/nope'))).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });

  it('streams a large exposition in chunks and folds series past the cardinality limit', async () => {
    const { reader, meter } = await setup(1500);
    const h = meter.createHistogram('big', { unit: 's' });
    for (let i = 0; i < 2000; i++) h.record(i / 1000, { id: `series-${i}` });
    const text = await reader.text();
    const counts = text.split('\n').filter((l) => l.startsWith('big_seconds_count{'));
    expect(counts.length).toBe(1500);
    expect(text).toContain('otel_metric_overflow="true"');
  });
});
