/** Codes of scrape-side failures (exposition parsing, target fetch, configuration, backfill). */
export type ScrapeErrorCode =
  | 'parse'
  | 'fetch'
  | 'timeout'
  | 'http_status'
  | 'sample_limit'
  | 'config'
  | 'import';

/**
 * The error of the scrape side of the store. For parse errors `line` and `column` (1-based) say
 * where the exposition went wrong; the message names what was expected.
 */
export class ScrapeError extends Error {
  override readonly name = 'ScrapeError';
  constructor(
    readonly code: ScrapeErrorCode,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line !== undefined ? `line ${line}, column ${column ?? 1}: ${message}` : message);
  }
}
