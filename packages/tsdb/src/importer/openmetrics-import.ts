import { labelsKey } from '../model/labels.js';
import { ScrapeError } from '../scrape/errors.js';
import { detach, detachLabels } from '../scrape/parse/detach.js';
import { OpenMetricsParser } from '../scrape/parse/openmetrics.js';
import type { ParsedSample } from '../scrape/parse/types.js';
import type { Appendable, Appender, SeriesRefAppender } from '../storage/types.js';
import { ByteLine } from './byte-line.js';
import { bytesAt, type KnownSeries, SeriesTable } from './series-table.js';

export interface ImportLineError {
  line: number;
  message: string;
}

export interface ImportReport {
  samples: number;
  series: number;
  /** Earliest and latest timestamp imported (ms), undefined when nothing was imported. */
  minTimeMs: number | undefined;
  maxTimeMs: number | undefined;
  /** Lines that could not be imported (bounded by `maxErrors`; `errorCount` has the total). */
  errors: ImportLineError[];
  errorCount: number;
}

export interface ImportOptions {
  /** Samples appended per commit (default 10,000). */
  batchSize?: number;
  /** Errors kept in the report (default 100). */
  maxErrors?: number;
  /** Stop at the first bad line instead of skipping it (promtool's behaviour). Default false. */
  failFast?: boolean;
  /** Called after every committed batch with the samples imported so far and the current line. */
  onProgress?: (samples: number, line: number) => void;
}

/**
 * Streams an OpenMetrics backfill (the input of `promtool tsdb create-blocks-from openmetrics`:
 * every sample carries a timestamp in seconds, the file ends with `# EOF`) into an Appendable,
 * committing in batches. Reads chunk by chunk: memory stays bounded whatever the input size.
 * Bad lines are skipped and reported by line number; what was accepted stays committed.
 * Lines of a series already seen, with plain decimal values, are read straight from the bytes and
 * appended by series ref (see `fast` below); all others go through the OpenMetrics text parser.
 */
export async function importOpenMetrics(
  input: AsyncIterable<Buffer | string>,
  appendable: Appendable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 10_000;
  const maxErrors = options.maxErrors ?? 100;
  const report: ImportReport = {
    samples: 0,
    series: 0,
    minTimeMs: undefined,
    maxTimeMs: undefined,
    errors: [],
    errorCount: 0,
  };
  const seen = new Set<string>();
  let app: Appender = appendable.appender();
  const refs = isRefAppender(app);
  let pending = 0;

  const addError = (line: number, message: string) => {
    if (options.failFast) throw new ScrapeError('import', message, line, 1);
    report.errorCount++;
    if (report.errors.length < maxErrors) report.errors.push({ line, message });
  };

  const store = (series: KnownSeries, t: number, value: number) => {
    if (!refs) {
      app.append(series.labels, t, value);
      return;
    }
    const a = app as SeriesRefAppender;
    if (series.ref < 0) series.ref = a.ref(series.labels);
    try {
      a.appendRef(series.ref, t, value);
    } catch (e) {
      // The series left the store since its ref was taken: take a new one.
      if ((e as { code?: string }).code !== 'unknown_series_ref') throw e;
      series.ref = a.ref(series.labels);
      a.appendRef(series.ref, t, value);
    }
  };
  const append = (series: KnownSeries, value: number, t: number | undefined, line: number) => {
    if (t === undefined) {
      addError(
        line,
        `sample of "${series.labels.__name__}" has no timestamp: backfill needs one on every sample`,
      );
      return;
    }
    try {
      store(series, t, value);
    } catch (e) {
      addError(line, (e as Error).message);
      return;
    }
    report.samples++;
    if (report.minTimeMs === undefined || t < report.minTimeMs) report.minTimeMs = t;
    if (report.maxTimeMs === undefined || t > report.maxTimeMs) report.maxTimeMs = t;
    if (++pending >= batchSize) {
      app.commit();
      // The store's ref appenders stay usable after commit (and keep their grown buffers).
      if (!refs) app = appendable.appender();
      pending = 0;
      options.onProgress?.(report.samples, line);
    }
  };

  // Known series by their raw text: as a string for the parser's lookup (lines parsed as text),
  // and as bytes for the fast path (lines read straight from the Buffer).
  const known = new Map<string, KnownSeries>();
  const table = new SeriesTable();
  const bl = new ByteLine();
  let last: KnownSeries | undefined;
  // The bytes of the line being parsed as text, to file a new series under them as well.
  let lineBuf: Buffer | undefined;
  let lineStart = 0;
  let lineEnd = 0;

  const onSample = (s: ParsedSample) => {
    let series = known.get(s.series);
    if (series === undefined) {
      const labels = detachLabels(withoutEmptyLabels(s.labels));
      const key = labelsKey(labels);
      series = { labels, ref: -1 };
      known.set(detach(s.series), series);
      seen.add(key);
      if (lineBuf !== undefined) {
        const end = bl.seriesEnd(lineBuf, lineStart, lineEnd);
        if (end > 0 && table.get(lineBuf, lineStart, end, bl.hash) === undefined)
          table.add(lineBuf, lineStart, end, bl.hash, series);
      }
    }
    append(series, s.value, s.timestampMs, s.line);
  };

  const parser = new OpenMetricsParser({
    sample: onSample,
    lookup: (series) => known.get(series),
    cachedSample: (series, value, t, line) => append(series as KnownSeries, value, t, line),
  });
  const feed = (text: string, start: number, end: number, lineNo: number) => {
    try {
      parser.line(text, start, end, lineNo);
    } catch (e) {
      if (e instanceof ScrapeError && e.code === 'parse') addError(lineNo, e.message);
      else throw e;
    }
  };

  /**
   * Fast path: a line starting at `start` with a known series followed by ` value timestamp` in
   * plain decimals, read from the bytes (the line's end is found on the way, no separate search).
   * Appends the sample and returns where the line ends (its newline, or `limit` when `bounded`:
   * the line is `buf[start..limit)`); -1 without appending anything otherwise.
   */
  const fast = (buf: Buffer, start: number, limit: number, bounded: boolean, lineNo: number): number => {
    if (start >= limit || buf[start] === 0x23 || parser.ended) return -1;
    // Files are grouped by series: most lines repeat the previous line's series text, which is
    // then compared in one pass (its bytes then a space: the same series, nothing else can be).
    let series = last;
    let se = start + (series?.key?.length ?? limit);
    if (
      series === undefined ||
      se >= limit ||
      buf[se] !== 0x20 ||
      !bytesAt(buf, start, series.key as Buffer)
    ) {
      se = bl.seriesEnd(buf, start, limit);
      if (se < 0 || se >= limit || buf[se] !== 0x20) return -1;
      series = table.get(buf, start, se, bl.hash);
      if (series === undefined) return -1;
      last = series;
    }
    const value = bl.decimal(buf, se + 1, limit);
    const vEnd = bl.next;
    if (Number.isNaN(value) || vEnd >= limit || buf[vEnd] !== 0x20) return -1;
    const ts = bl.decimal(buf, vEnd + 1, limit);
    const p = bl.next;
    if (Number.isNaN(ts) || !(bounded ? p === limit : p < limit && buf[p] === 0x0a)) return -1;
    append(series, value, Math.round(ts * 1000), lineNo);
    return p;
  };

  /**
   * The line `buf[start..end)` decoded and parsed as text: comments, new series, exemplars, other
   * number forms and errors, exactly as the text parser reads them.
   */
  const text = (buf: Buffer, start: number, end: number, lineNo: number) => {
    lineBuf = buf;
    lineStart = start;
    lineEnd = end;
    feed(buf.toString('utf8', start, end), 0, end - start, lineNo);
    lineBuf = undefined;
  };
  /** The line `buf[start..end)`: through the fast path, else as text. */
  const line = (buf: Buffer, start: number, end: number, lineNo: number) => {
    if (fast(buf, start, end, true, lineNo) < 0) text(buf, start, end, lineNo);
  };

  // The unfinished last line of the previous chunk (only that is copied, never a whole chunk).
  let carry: Buffer | undefined;
  let lineNo = 0;
  try {
    for await (const chunk of input) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let start = 0;
      if (carry !== undefined) {
        const nl = buf.indexOf(0x0a);
        if (nl < 0) {
          carry = Buffer.concat([carry, buf]);
          continue;
        }
        const joined = Buffer.concat([carry, buf.subarray(0, nl)]);
        carry = undefined;
        line(joined, 0, joined.length, ++lineNo);
        start = nl + 1;
      }
      const len = buf.length;
      while (start < len) {
        const p = fast(buf, start, len, false, lineNo + 1);
        if (p >= 0) {
          lineNo++;
          start = p + 1;
          continue;
        }
        const nl = buf.indexOf(0x0a, start);
        if (nl < 0) break;
        text(buf, start, nl, ++lineNo);
        start = nl + 1;
      }
      // Copied: a view would keep the whole chunk alive until the next one.
      if (start < buf.length) carry = Buffer.from(buf.subarray(start));
    }
    if (carry !== undefined) line(carry, 0, carry.length, ++lineNo);
    try {
      parser.end(Math.max(lineNo, 1));
    } catch (e) {
      if (e instanceof ScrapeError) addError(e.line ?? lineNo, e.message);
      else throw e;
    }
    app.commit();
  } catch (e) {
    // Keep what was accepted before the failure: commit the current batch, then report.
    app.commit();
    throw e;
  }
  report.series = seen.size;
  return report;
}

/** Prometheus treats an empty label value as an absent label. */
function withoutEmptyLabels(labels: Record<string, string>): Record<string, string> {
  for (const k in labels) {
    if (labels[k] === '') {
      const out: Record<string, string> = {};
      for (const n in labels) if (labels[n] !== '') out[n] = labels[n];
      return out;
    }
  }
  return labels;
}

function isRefAppender(app: Appender): app is SeriesRefAppender {
  const a = app as Partial<SeriesRefAppender>;
  return typeof a.ref === 'function' && typeof a.appendRef === 'function';
}
