import { ScrapeError } from '../errors.js';
import { cachedSeries } from './cached-series.js';
import { normalizeBoundLabels } from './normalize.js';
import { LineScanner, parseFloatToken, unescapeHelp } from './scanner.js';
import type { ExpositionSink, LineParser, MetricType, ParseOptions } from './types.js';

const OM_TYPES: ReadonlySet<string> = new Set([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
]);
const CREATED_TYPES: ReadonlySet<string> = new Set(['counter', 'histogram', 'summary', 'gaugehistogram']);

/**
 * OpenMetrics 1.0 text: `# HELP|TYPE|UNIT family ...`, samples `name{labels} value [ts_seconds]`
 * with single-space separators, exemplars (` # {...} v [ts]`) accepted and ignored, and a
 * mandatory final `# EOF`.
 */
export class OpenMetricsParser implements LineParser {
  private readonly sc = new LineScanner();
  private eofLine = 0;
  private readonly types = new Map<string, string>();

  constructor(
    private readonly sink: ExpositionSink,
    private readonly options: ParseOptions = {},
  ) {}

  /** Whether the exposition's `# EOF` was read (no sample may follow). */
  get ended(): boolean {
    return this.eofLine !== 0;
  }

  line(s: string, start: number, end: number, lineNo: number): void {
    const sc: LineScanner = this.sc;
    sc.reset(s, start, end, lineNo);
    if (this.eofLine) {
      if (start === end) return;
      sc.failMessage(`unexpected content after "# EOF" (line ${this.eofLine})`);
    }
    if (start === end) return;
    const c = sc.peek();
    if (c === 0x23) {
      this.comment();
      return;
    }
    const seriesStart = sc.pos;
    const sink = this.sink;
    const handle = cachedSeries(sc, sink, s, false);
    if (handle !== undefined) {
      const [value, ts] = this.valueAndTimestamp();
      sink.cachedSample?.(handle, value, ts, lineNo);
      return;
    }
    const labels: Record<string, string> = Object.create(null);
    let name: string | undefined;
    if (c !== 0x7b) name = sc.metricName();
    if (sc.peek() === 0x7b) {
      const quotedName = sc.labelSet(labels, false);
      if (quotedName !== undefined) {
        if (name !== undefined) sc.failMessage('metric name given twice (before and inside braces)');
        name = quotedName;
      }
    }
    if (name === undefined || name === '') sc.fail('a metric name');
    labels.__name__ = name;
    if (this.options.normalizeBoundLabels) normalizeBoundLabels(labels, name, this.types);
    const series = s.slice(seriesStart, sc.pos);
    const [value, timestampMs] = this.valueAndTimestamp();
    if (this.options.skipCreatedSeries && name.endsWith('_created')) {
      const type = this.types.get(name.slice(0, -8));
      if (type !== undefined && CREATED_TYPES.has(type)) return;
    }
    sink.sample({ labels, value, timestampMs, line: lineNo, series });
  }

  private valueAndTimestamp(): [number, number | undefined] {
    const sc: LineScanner = this.sc;
    sc.expectSpace('a space before the value');
    const value = sc.value();
    let timestampMs: number | undefined;
    if (!sc.atEnd()) {
      sc.expectSpace('a space after the value');
      if (sc.peek() !== 0x23) {
        const at = sc.pos;
        const ts = parseFloatToken(sc.token());
        if (ts === undefined || !Number.isFinite(ts))
          sc.fail('a timestamp in seconds (e.g. 1700000000.5)', at);
        timestampMs = Math.round(ts * 1000);
        if (!sc.atEnd()) sc.expectSpace("end of line or ' # ' before an exemplar");
      }
      if (!sc.atEnd()) this.exemplar();
    }
    return [value, timestampMs];
  }

  /** ` # {labels} value [timestamp]`: checked for shape, then ignored. */
  private exemplar(): void {
    const sc: LineScanner = this.sc;
    sc.expectChar(0x23, "'#' starting an exemplar");
    sc.expectSpace("a space after '#'");
    if (sc.peek() !== 0x7b) sc.fail("'{' starting the exemplar's labels");
    sc.labelSet(Object.create(null), false);
    sc.expectSpace("a space before the exemplar's value");
    sc.value();
    if (!sc.atEnd()) {
      sc.expectSpace("a space before the exemplar's timestamp");
      const at = sc.pos;
      if (parseFloatToken(sc.token()) === undefined) sc.fail("the exemplar's timestamp", at);
      if (!sc.atEnd()) sc.fail('end of line after the exemplar');
    }
  }

  private comment(): void {
    const sc: LineScanner = this.sc;
    sc.pos++;
    sc.expectSpace("a space after '#'");
    const at = sc.pos;
    const word = sc.token();
    if (word === 'EOF') {
      if (!sc.atEnd()) sc.fail('end of line after "# EOF"');
      this.eofLine = sc.line;
      return;
    }
    if (word !== 'HELP' && word !== 'TYPE' && word !== 'UNIT') sc.fail('HELP, TYPE, UNIT or EOF', at);
    sc.expectSpace(`a space after "# ${word}"`);
    const family = sc.metricName();
    let rest = '';
    if (!sc.atEnd()) {
      sc.expectSpace('a space after the metric family name');
      rest = sc.s.slice(sc.pos, sc.end);
    }
    if (word === 'HELP') {
      this.sink.metadata?.(family, 'help', unescapeHelp(rest));
    } else if (word === 'TYPE') {
      if (!OM_TYPES.has(rest)) {
        sc.fail(
          'a metric type (counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown)',
        );
      }
      this.types.set(family, rest);
      this.sink.metadata?.(family, 'type', rest as MetricType);
    } else {
      this.sink.metadata?.(family, 'unit', rest);
    }
  }

  end(lastLine: number): void {
    if (!this.eofLine) {
      throw new ScrapeError('parse', 'expected "# EOF" at the end of an OpenMetrics exposition', lastLine, 1);
    }
  }
}
