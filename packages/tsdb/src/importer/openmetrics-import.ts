import { StringDecoder } from 'node:string_decoder';
import { labelsKey } from '../model/labels.js';
import { ScrapeError } from '../scrape/errors.js';
import { detach, detachLabels } from '../scrape/parse/detach.js';
import { OpenMetricsParser } from '../scrape/parse/openmetrics.js';
import type { ParsedSample } from '../scrape/parse/types.js';
import type { Appendable, Appender } from '../storage/types.js';

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
  let pending = 0;

  const addError = (line: number, message: string) => {
    if (options.failFast) throw new ScrapeError('import', message, line, 1);
    report.errorCount++;
    if (report.errors.length < maxErrors) report.errors.push({ line, message });
  };

  // Known series by their raw text: a repeated series costs no label building or hashing.
  const known = new Map<string, Record<string, string>>();
  const append = (labels: Record<string, string>, value: number, t: number | undefined, line: number) => {
    if (t === undefined) {
      addError(line, `sample of "${labels.__name__}" has no timestamp: backfill needs one on every sample`);
      return;
    }
    try {
      app.append(labels, t, value);
    } catch (e) {
      addError(line, (e as Error).message);
      return;
    }
    report.samples++;
    if (report.minTimeMs === undefined || t < report.minTimeMs) report.minTimeMs = t;
    if (report.maxTimeMs === undefined || t > report.maxTimeMs) report.maxTimeMs = t;
    if (++pending >= batchSize) {
      app.commit();
      app = appendable.appender();
      pending = 0;
      options.onProgress?.(report.samples, line);
    }
  };
  const onSample = (s: ParsedSample) => {
    const labels = detachLabels(withoutEmptyLabels(s.labels));
    known.set(detach(s.series), labels);
    seen.add(labelsKey(labels));
    append(labels, s.value, s.timestampMs, s.line);
  };

  const parser = new OpenMetricsParser({
    sample: onSample,
    lookup: (series) => known.get(series),
    cachedSample: (labels, value, t, line) => append(labels as Record<string, string>, value, t, line),
  });
  const feed = (text: string, start: number, end: number, lineNo: number) => {
    try {
      parser.line(text, start, end, lineNo);
    } catch (e) {
      if (e instanceof ScrapeError && e.code === 'parse') addError(lineNo, e.message);
      else throw e;
    }
  };

  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  try {
    for await (const chunk of input) {
      const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        feed(text, start, nl, ++lineNo);
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) feed(rest, 0, rest.length, ++lineNo);
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
