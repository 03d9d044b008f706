import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SilenceError } from './errors.js';
import { matcherMatches, parseMatcher } from './matchers.js';
import { SilenceStore } from './store.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('matchers', () => {
  const labels = { alertname: 'HighCpu', job: 'api', instance: '10.0.0.1:9000' };
  it('equal, not-equal, regex (anchored), negated regex; a missing label is empty', () => {
    expect(matcherMatches(parseMatcher({ name: 'job', value: 'api' }, 'm'), labels)).toBe(true);
    expect(matcherMatches(parseMatcher({ name: 'job', value: 'ap' }, 'm'), labels)).toBe(false);
    expect(matcherMatches(parseMatcher({ name: 'job', value: 'api', isEqual: false }, 'm'), labels)).toBe(
      false,
    );
    expect(
      matcherMatches(parseMatcher({ name: 'instance', value: '10\\..*', isRegex: true }, 'm'), labels),
    ).toBe(true);
    expect(
      matcherMatches(parseMatcher({ name: 'instance', value: '0\\.0', isRegex: true }, 'm'), labels),
    ).toBe(false);
    expect(matcherMatches(parseMatcher('env!~"prod.*"', 'm'), labels)).toBe(true);
    expect(matcherMatches(parseMatcher('env=""', 'm'), labels)).toBe(true);
    expect(parseMatcher('severity="critical"', 'm')).toEqual({
      name: 'severity',
      value: 'critical',
      isRegex: false,
      isEqual: true,
    });
  });

  it('bad matchers are errors naming the field', () => {
    expect(() => parseMatcher({ name: '1x', value: 'a' }, 'matchers[0]')).toThrow(/^matchers\[0\]\.name: /);
    expect(() => parseMatcher({ name: 'a', value: '(', isRegex: true }, 'matchers[2]')).toThrow(
      /^matchers\[2\]\.value: not a valid regular expression/,
    );
    expect(() => parseMatcher('nope', 'x')).toThrow(/^x: "nope" is not a matcher; write it like/);
  });
});

describe('SilenceStore', () => {
  let dir: string;
  let now = T0;
  const open = () => new SilenceStore({ dataDir: dir, now: () => now });
  const input = (over: Record<string, unknown> = {}) => ({
    matchers: [{ name: 'alertname', value: 'HighCpu', isRegex: false, isEqual: true }],
    endsAt: T0 + 60_000,
    createdBy: 'ops',
    comment: 'maintenance',
    ...over,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'silences-'));
    now = T0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('silences matching alerts while active and expires by time', () => {
    const store = open();
    const s = store.add(input({ startsAt: new Date(T0 + 1000).toISOString() }));
    expect(s.startsAt).toBe(T0 + 1000);
    const labels = { alertname: 'HighCpu', job: 'api' };
    expect(store.isSilenced(labels, T0)).toBe(false); // not started yet
    expect(store.list(T0)[0]?.status).toBe('pending');
    expect(store.isSilenced(labels, T0 + 1000)).toBe(true);
    expect(store.silencedBy(labels, T0 + 59_999)?.id).toBe(s.id);
    expect(store.isSilenced({ alertname: 'Other' }, T0 + 2000)).toBe(false);
    expect(store.isSilenced(labels, T0 + 60_000)).toBe(false); // endsAt is exclusive
    expect(store.list(T0 + 60_000)[0]?.status).toBe('expired');
    store.close();
  });

  it('expire ends a silence now; unknown ids are not_found', () => {
    const store = open();
    const s = store.add(input());
    now = T0 + 5000;
    expect(store.expire(s.id).endsAt).toBe(T0 + 5000);
    expect(store.isSilenced({ alertname: 'HighCpu' })).toBe(false);
    expect(() => store.expire('nope')).toThrow(SilenceError);
    try {
      store.expire('nope');
    } catch (e) {
      expect((e as SilenceError).code).toBe('not_found');
    }
    store.close();
  });

  it('persists adds and expiries as fsyncd JSON lines; a torn last line loses nothing accepted', () => {
    const a = open();
    const s1 = a.add(input());
    const s2 = a.add(input({ matchers: ['job="db"'] }));
    now = T0 + 10_000;
    a.expire(s1.id);
    a.close();
    expect(readFileSync(join(dir, 'silences.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    appendFileSync(join(dir, 'silences.jsonl'), '{"op":"add","sil'); // a crash mid-write
    const b = open();
    expect(b.problems).toHaveLength(1);
    expect(b.get(s1.id)?.endsAt).toBe(T0 + 10_000);
    expect(b.isSilenced({ job: 'db' })).toBe(true);
    expect(b.get(s2.id)?.matchers).toEqual([{ name: 'job', value: 'db', isRegex: false, isEqual: true }]);
    b.add(input()); // the file stays line-aligned
    b.close();
    expect(open().list()).toHaveLength(3);
  });

  it('invalid silences are errors naming the field; nothing is written', () => {
    const store = open();
    expect(() => store.add(input({ matchers: [] }))).toThrow(/^matchers: must be a non-empty list/);
    expect(() => store.add(input({ endsAt: 'soon' }))).toThrow(/^endsAt: must be a time/);
    expect(() => store.add(input({ endsAt: T0 - 1 }))).toThrow(/^endsAt: /);
    expect(() => store.add(input({ createdBy: '' }))).toThrow(/^createdBy: is required/);
    expect(() => store.add(input({ comment: undefined }))).toThrow(/^comment: is required/);
    expect(() => store.add(input({ matchers: [{ name: 'job' }] }))).toThrow(/^matchers\[0\]\.value: /);
    expect(store.list()).toEqual([]);
    store.close();
    expect(open().list()).toEqual([]);
  });
});
