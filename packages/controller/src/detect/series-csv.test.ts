import { describe, expect, it } from 'vitest';
import { parseDuration } from './params.js';
import { parseSeriesCsv, parseTimestamp } from './series-csv.js';

describe('series CSV', () => {
  it('reads the NAB format (header, "YYYY-MM-DD hh:mm:ss" in UTC)', () => {
    const s = parseSeriesCsv('timestamp,value\n2014-04-10 00:02:00,1.5\n2014-04-10 00:07:00,2\n');
    expect(s).toEqual([
      { t: Date.UTC(2014, 3, 10, 0, 2), v: 1.5 },
      { t: Date.UTC(2014, 3, 10, 0, 7), v: 2 },
    ]);
  });

  it('accepts ISO with zones and epoch seconds / milliseconds', () => {
    expect(parseTimestamp('2014-04-10T02:02:00+02:00')).toBe(Date.UTC(2014, 3, 10, 0, 2));
    expect(parseTimestamp('1397088120')).toBe(1397088120000);
    expect(parseTimestamp('1397088120000')).toBe(1397088120000);
  });

  it('names the line of a bad row and the fix', () => {
    expect(() => parseSeriesCsv('timestamp,value\n2014-04-10 00:02:00,abc\n', 'x.csv')).toThrow(
      'x.csv: bad row at line 2: value "abc" is not a finite number',
    );
    expect(() => parseSeriesCsv('timestamp,value\nyesterday,1\n')).toThrow(
      /line 2: timestamp "yesterday" is not a time/,
    );
    expect(() => parseSeriesCsv('t,v\n2014-04-10 00:02:00,1\n2014-04-09 00:02:00,1\n')).toThrow(
      /line 3: timestamp goes back in time/,
    );
    expect(() => parseSeriesCsv('t,v\n2014-04-10 00:02:00\n')).toThrow(/line 2: expected "timestamp,value"/);
  });

  it('parses durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
