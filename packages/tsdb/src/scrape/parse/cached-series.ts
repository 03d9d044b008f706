import type { LineScanner } from './scanner.js';
import type { ExpositionSink } from './types.js';

/**
 * The fast path both text parsers share: when the sink already knows the series text at the
 * scanner's position (name and label set, as exposed), returns its handle and moves the scanner
 * past the series, so the parser reads only the value and timestamp and skips building labels.
 * Otherwise returns undefined and leaves the scanner where it was. `blanks`: whether blanks may
 * separate the name from its labels (the Prometheus text format) or not (OpenMetrics).
 */
export function cachedSeries(
  sc: LineScanner,
  sink: ExpositionSink,
  s: string,
  blanks: boolean,
): object | undefined {
  if (sink.lookup === undefined) return undefined;
  const start = sc.pos;
  const end = sc.seriesEnd(blanks);
  if (end <= 0) return undefined;
  const handle = sink.lookup(s.slice(start, end));
  if (handle !== undefined) sc.pos = end;
  return handle;
}
