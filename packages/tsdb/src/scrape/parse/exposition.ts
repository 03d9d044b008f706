import { createLineParser, type ExpositionFormat } from './negotiate.js';
import type { ExpositionSink, FamilyMetadata, MetricType, ParsedSample, ParseOptions } from './types.js';

export interface ParsedExposition {
  samples: ParsedSample[];
  metadata: Map<string, FamilyMetadata>;
}

/** Feeds every line of a whole body to a sink; throws ScrapeError at the first malformed line. */
export function feedExposition(
  body: string,
  format: ExpositionFormat,
  sink: ExpositionSink,
  options?: ParseOptions,
): void {
  const parser = createLineParser(format, sink, options);
  let start = 0;
  let lineNo = 0;
  const n = body.length;
  while (start < n) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = n;
    parser.line(body, start, end, ++lineNo);
    start = end + 1;
  }
  parser.end(Math.max(lineNo, 1));
}

/** Parses a whole exposition into samples and family metadata. */
export function parseExposition(
  body: string,
  format: ExpositionFormat,
  options?: ParseOptions,
): ParsedExposition {
  const samples: ParsedSample[] = [];
  const metadata = new Map<string, FamilyMetadata>();
  feedExposition(
    body,
    format,
    {
      sample: (s) => samples.push(s),
      metadata: (family, kind, value) => {
        let m = metadata.get(family);
        if (!m) metadata.set(family, (m = {}));
        if (kind === 'type') m.type = value as MetricType;
        else m[kind] = value;
      },
    },
    options,
  );
  return { samples, metadata };
}
