import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScrapeError } from '../errors.js';
import { feedExposition, formatOfContentType, formatOpenMetricsFloat, parseExposition } from './index.js';

const plain = (l: Record<string, string>) => ({ ...l });

describe('text format 0.0.4', () => {
  it('reads HELP, TYPE, labels with escapes, special values and timestamps', () => {
    const body = [
      '# HELP http_requests_total The total\\nnumber of requests \\\\ ok',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{ method = "post" , code="400", } 3',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      '# a free comment',
      '',
      'metric_without_labels 12.47',
      'nan_metric NaN',
      'inf_metric +Inf',
      'neg_inf_metric{a="b"} -Inf',
      '\tindented 1',
      '{"my.dotted.metric", "weird label"="x"} 2',
    ].join('\n');
    const { samples, metadata } = parseExposition(body, 'text');
    expect(metadata.get('http_requests_total')).toEqual({
      help: 'The total\nnumber of requests \\ ok',
      type: 'counter',
    });
    expect(samples.map((s) => [plain(s.labels), s.value, s.timestampMs])).toEqual([
      [{ __name__: 'http_requests_total', method: 'post', code: '200' }, 1027, 1395066363000],
      [{ __name__: 'http_requests_total', method: 'post', code: '400' }, 3, undefined],
      [
        {
          __name__: 'msdos_file_access_time_seconds',
          path: 'C:\\DIR\\FILE.TXT',
          error: 'Cannot find file:\n"FILE.TXT"',
        },
        1.458255915e9,
        undefined,
      ],
      [{ __name__: 'metric_without_labels' }, 12.47, undefined],
      [{ __name__: 'nan_metric' }, Number.NaN, undefined],
      [{ __name__: 'inf_metric' }, Number.POSITIVE_INFINITY, undefined],
      [{ __name__: 'neg_inf_metric', a: 'b' }, Number.NEGATIVE_INFINITY, undefined],
      [{ __name__: 'indented' }, 1, undefined],
      [{ __name__: 'my.dotted.metric', 'weird label': 'x' }, 2, undefined],
    ]);
    expect(samples[3].line).toBe(8);
  });

  it.each([
    ['a{b="c"', 1, 8, "',' or '}'"],
    ['a{b="c} 1', 1, 5, 'unterminated quoted string'],
    ['a 1 2 3', 1, 7, 'end of line after the timestamp'],
    ['a abc', 1, 3, 'a float value'],
    ['a 1 1.5', 1, 5, 'an integer timestamp'],
    ['ok 1\n1abc 2', 2, 1, 'a metric name'],
    ['a{b="1",b="2"} 1', 1, 11, 'duplicate label name "b"'],
    ['# TYPE a countr', 1, 10, 'a metric type'],
    ['a{b=c} 1', 1, 5, 'double-quoted'],
    ['a', 1, 2, 'a float value'],
  ])('rejects %j at line %i column %i', (body, line, column, expected) => {
    let err: unknown;
    try {
      parseExposition(body, 'text');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScrapeError);
    const se = err as ScrapeError;
    expect([se.line, se.column]).toEqual([line, column]);
    expect(se.message).toContain(expected);
  });
});

describe('OpenMetrics 1.0', () => {
  const om = (lines: string[]) => `${lines.join('\n')}\n`;

  it('reads metadata, float-second timestamps, exemplars and _created', () => {
    const body = om([
      '# TYPE acme_http_router_request_seconds summary',
      '# UNIT acme_http_router_request_seconds seconds',
      "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.",
      'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
      'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
      'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
      '# TYPE foo histogram',
      'foo_bucket{le="0.01"} 0 1520879607.789',
      'foo_bucket{le="+Inf"} 17 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.1',
      'foo_count 17 1520879607.789',
      '# EOF',
    ]);
    const { samples, metadata } = parseExposition(body, 'openmetrics');
    expect(metadata.get('acme_http_router_request_seconds')?.unit).toBe('seconds');
    expect(samples).toHaveLength(6);
    expect(samples[2].labels.__name__).toBe('acme_http_router_request_seconds_created');
    expect(samples[4]).toMatchObject({ value: 17, timestampMs: 1520879607789 });
    const skipped = parseExposition(body, 'openmetrics', { skipCreatedSeries: true });
    expect(skipped.samples.map((s) => s.labels.__name__)).not.toContain(
      'acme_http_router_request_seconds_created',
    );
  });

  it.each([
    ['a 1\n', 1, 1, '"# EOF"'],
    ['a 1\n# EOF\nb 2\n', 3, 1, 'after "# EOF"'],
    ['a  1\n# EOF\n', 1, 3, 'a float value'],
    ['# FOO a\n# EOF\n', 1, 3, 'HELP, TYPE, UNIT or EOF'],
    ['a 1 x\n# EOF\n', 1, 5, 'a timestamp in seconds'],
    ['a 1 # x\n# EOF\n', 1, 7, "'{' starting the exemplar"],
  ])('rejects %j at line %i column %i', (body, line, column, expected) => {
    try {
      parseExposition(body, 'openmetrics');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScrapeError);
      const se = e as ScrapeError;
      expect([se.line, se.column]).toEqual([line, column]);
      expect(se.message).toContain(expected);
    }
  });

  it('negotiates by Content-Type', () => {
    expect(formatOfContentType('application/openmetrics-text; version=1.0.0; charset=utf-8')).toBe(
      'openmetrics',
    );
    expect(formatOfContentType('text/plain; version=0.0.4')).toBe('text');
    expect(formatOfContentType(undefined)).toBe('text');
  });
});

describe('fuzz', () => {
  const fragments = [
    'a',
    'b_c',
    '{',
    '}',
    '"',
    '\\',
    '=',
    ',',
    ' ',
    '\t',
    '\n',
    '#',
    ' HELP ',
    ' TYPE ',
    'counter',
    '1',
    '-2.5e3',
    'NaN',
    '+Inf',
    ' # EOF\n',
    'le="0.1"',
    '123456',
  ];
  const body = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((a) => a.join('')),
  );

  it('only ever throws ScrapeError, for both formats', () => {
    fc.assert(
      fc.property(body, fc.constantFrom('text' as const, 'openmetrics' as const), (text, format) => {
        try {
          const { samples } = parseExposition(text, format);
          for (const s of samples) expect(typeof s.labels.__name__).toBe('string');
        } catch (e) {
          if (!(e instanceof ScrapeError)) throw e;
          expect(e.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('series cache fast path', () => {
  it('gives the same raw series text that lookup() later receives, and uses cached handles', () => {
    for (const [format, body] of [
      ['text', 'a 1\nb{x="1"} 2\nc {y="}\\"{"} 3 1000\n  d\t4\n'],
      ['openmetrics', 'a 1\nb{x="1"} 2\nc{y="}\\"{"} 3 1000\nd 4\n# EOF\n'],
    ] as const) {
      const first = parseExposition(body, format).samples.map((s) => s.series);
      const seen: string[] = [];
      const cached: [object, number][] = [];
      const handles = new Map(first.map((s) => [s, { s }]));
      feedExposition(body, format, {
        sample: () => {
          throw new Error('all series should hit the cache');
        },
        lookup: (series) => {
          seen.push(series);
          return handles.get(series);
        },
        cachedSample: (h, v) => cached.push([h, v]),
      });
      expect(seen).toEqual(first);
      expect(cached.map(([, v]) => v)).toEqual([1, 2, 3, 4]);
    }
  });
});

describe('series cache miss', () => {
  it('leaves the line to the full parse when lookup() does not know the series', () => {
    for (const [format, body] of [
      ['text', 'a 1\nb {x="1"} 2\n'],
      ['openmetrics', 'a 1\nb{x="1"} 2\n# EOF\n'],
    ] as const) {
      const full: { labels: Record<string, string>; value: number }[] = [];
      const cached: number[] = [];
      feedExposition(body, format, {
        sample: (x) => full.push({ labels: { ...x.labels }, value: x.value }),
        lookup: (series) => (series === 'a' ? {} : undefined),
        cachedSample: (_h, v) => cached.push(v),
      });
      expect(cached).toEqual([1]);
      expect(full).toEqual([{ labels: { __name__: 'b', x: '1' }, value: 2 }]);
    }
  });
});

describe('le/quantile normalization (Prometheus 3 scrape)', () => {
  it('formats like Go FormatFloat g -1, with ".0" for integers', () => {
    expect(
      [1, 0.25, 1e6, 100000, 0.0001, 0.00001, 2.5e-7, -3, Number.POSITIVE_INFINITY].map(
        formatOpenMetricsFloat,
      ),
    ).toEqual(['1.0', '0.25', '1e+06', '100000.0', '0.0001', '1e-05', '2.5e-07', '-3.0', '+Inf']);
  });

  it('normalizes bucket and quantile bounds only for histogram and summary families', () => {
    const body = [
      '# TYPE h histogram',
      'h_bucket{le="1"} 1',
      'h_bucket{le="+Inf"} 2',
      '# TYPE s summary',
      's{quantile="0.50"} 3',
      '# TYPE g gauge',
      'g{le="1"} 4',
    ].join('\n');
    const norm = parseExposition(body, 'text', { normalizeBoundLabels: true }).samples.map(
      (s) => s.labels.le ?? s.labels.quantile,
    );
    expect(norm).toEqual(['1.0', '+Inf', '0.5', '1']);
    const raw = parseExposition(body, 'text').samples.map((s) => s.labels.le ?? s.labels.quantile);
    expect(raw).toEqual(['1', '+Inf', '0.50', '1']);
  });
});
