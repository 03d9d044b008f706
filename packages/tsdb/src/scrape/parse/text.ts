import { cachedSeries } from './cached-series.js';
import { normalizeBoundLabels } from './normalize.js';
import { LineScanner, unescapeHelp } from './scanner.js';
import type { ExpositionSink, LineParser, MetricType, ParseOptions } from './types.js';

const TEXT_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * The Prometheus text exposition format 0.0.4: `# HELP`/`# TYPE` comments, other comments
 * ignored, `name{labels} value [timestamp_ms]`, blanks between tokens.
 */
export class TextParser implements LineParser {
  private readonly sc = new LineScanner();
  private readonly types = new Map<string, string>();
  constructor(
    private readonly sink: ExpositionSink,
    private readonly options: ParseOptions = {},
  ) {}

  line(s: string, start: number, end: number, lineNo: number): void {
    if (end > start && s.charCodeAt(end - 1) === 0x0d) end--;
    const sc: LineScanner = this.sc;
    sc.reset(s, start, end, lineNo);
    sc.skipBlanks();
    if (sc.atEnd()) return;
    const c = sc.peek();
    if (c === 0x23) {
      this.comment();
      return;
    }
    const seriesStart = sc.pos;
    const sink = this.sink;
    const handle = cachedSeries(sc, sink, s, true);
    if (handle !== undefined) {
      const [value, ts] = this.valueAndTimestamp();
      sink.cachedSample?.(handle, value, ts, lineNo);
      return;
    }
    const labels: Record<string, string> = Object.create(null);
    let name: string | undefined;
    if (c !== 0x7b) name = sc.metricName();
    let seriesEnd = sc.pos;
    sc.skipBlanks();
    if (sc.peek() === 0x7b) {
      const quotedName = sc.labelSet(labels, true);
      if (quotedName !== undefined) {
        if (name !== undefined) sc.failMessage('metric name given twice (before and inside braces)');
        name = quotedName;
      }
      seriesEnd = sc.pos;
    }
    if (name === undefined || name === '') sc.fail('a metric name');
    labels.__name__ = name;
    if (this.options.normalizeBoundLabels) normalizeBoundLabels(labels, name, this.types);
    const series = s.slice(seriesStart, seriesEnd);
    const [value, timestampMs] = this.valueAndTimestamp();
    sink.sample({ labels, value, timestampMs, line: lineNo, series });
  }

  private valueAndTimestamp(): [number, number | undefined] {
    const sc: LineScanner = this.sc;
    sc.skipBlanks();
    const value = sc.value();
    sc.skipBlanks();
    let timestampMs: number | undefined;
    if (!sc.atEnd()) {
      const at = sc.pos;
      const tok = sc.token();
      timestampMs = parseIntMs(tok);
      if (timestampMs === undefined) sc.fail('an integer timestamp in milliseconds', at);
      sc.skipBlanks();
      if (!sc.atEnd()) sc.fail('end of line after the timestamp');
    }
    return [value, timestampMs];
  }

  private comment(): void {
    const sc: LineScanner = this.sc;
    sc.pos++;
    sc.skipBlanks();
    const word = sc.token();
    if (word !== 'HELP' && word !== 'TYPE') return;
    sc.skipBlanks();
    const family = sc.metricName();
    if (word === 'HELP') {
      if (!sc.atEnd()) sc.expectChar(0x20, 'a space before the help text');
      this.sink.metadata?.(family, 'help', unescapeHelp(sc.s.slice(sc.pos, sc.end)));
      return;
    }
    sc.skipBlanks();
    const at = sc.pos;
    const type = sc.token();
    if (!TEXT_TYPES.has(type)) sc.fail('a metric type (counter, gauge, histogram, summary, untyped)', at);
    sc.skipBlanks();
    if (!sc.atEnd()) sc.fail('end of line after the metric type');
    this.types.set(family, type);
    this.sink.metadata?.(family, 'type', type as MetricType);
  }

  end(): void {}
}

function parseIntMs(tok: string): number | undefined {
  if (tok.length === 0 || tok.length > 20) return undefined;
  let i = tok.charCodeAt(0) === 0x2d || tok.charCodeAt(0) === 0x2b ? 1 : 0;
  if (i === tok.length) return undefined;
  for (; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const v = Number(tok);
  return Number.isSafeInteger(v) ? v : undefined;
}
