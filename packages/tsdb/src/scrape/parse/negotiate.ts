import { OpenMetricsParser } from './openmetrics.js';
import { TextParser } from './text.js';
import type { ExpositionSink, LineParser, ParseOptions } from './types.js';

export type ExpositionFormat = 'text' | 'openmetrics';

/** The Accept header Prometheus sends: OpenMetrics first, the text format as fallback. */
export const SCRAPE_ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
  'text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** Format from a response's Content-Type; anything not OpenMetrics is read as text 0.0.4. */
export function formatOfContentType(contentType: string | undefined | null): ExpositionFormat {
  if (!contentType) return 'text';
  const semi = contentType.indexOf(';');
  const media = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return media === 'application/openmetrics-text' ? 'openmetrics' : 'text';
}

export function createLineParser(
  format: ExpositionFormat,
  sink: ExpositionSink,
  options?: ParseOptions,
): LineParser {
  return format === 'openmetrics' ? new OpenMetricsParser(sink, options) : new TextParser(sink, options);
}
