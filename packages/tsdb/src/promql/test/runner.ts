import { formatLabels, type Labels, labelsKey, METRIC_NAME } from '../../model/labels.js';
import { STALE_NAN } from '../../model/value.js';
import type { Appendable, Matcher, Querier, Queryable, SeriesData } from '../../storage/types.js';
import { PromQLEngine } from '../engine.js';
import { PromQLError } from '../errors.js';
import { almostEqual } from '../eval/float.js';
import { parseDurationMs, unquoteString } from '../parse/lexical.js';
import type { QueryResult } from '../types.js';
import { type PointSpec, parseSeriesSpec, parseValues } from './series-notation.js';

/** A store the runner loads test data into; a fresh one is made for every `clear`. */
export type TestStorage = Queryable & Appendable;

export interface ScriptFailure {
  line: number;
  expr: string;
  message: string;
}

export interface ScriptResult {
  passed: number;
  failed: number;
  unsupported: number;
  failures: ScriptFailure[];
  unsupportedList: { line: number; reason: string }[];
}

/** Native histogram functions: meaningless on float series, so their evals are counted as unsupported. */
const NATIVE_HISTOGRAM_FUNCTIONS =
  /\b(histogram_count|histogram_sum|histogram_avg|histogram_fraction|histogram_stddev|histogram_stdvar)\s*\(/;

const EPSILON = 1e-6;

interface EvalCommand {
  line: number;
  instant: boolean;
  at: number;
  start: number;
  end: number;
  step: number;
  expr: string;
  expectFail: boolean;
  failMsg?: string;
  failRegex?: RegExp;
  ordered: boolean;
  expectString?: string;
  rangeVector?: { start: number; end: number; step: number };
  expected: { labels: Labels; points: PointSpec[]; line: number }[];
  scalar?: number;
  histogramExpected: boolean;
}

/** A line that starts a command. */
const COMMAND = /^(load|clear|eval)\b/;

function parseTime(s: string): number {
  const d = parseDurationMs(s);
  if (d !== undefined) return d;
  const n = Number(s);
  if (!Number.isNaN(n)) return Math.round(n * 1000);
  throw new Error(`bad time "${s}"`);
}

/** Wraps a store to notice when a query selects series that hold native histograms. */
class HistogramTracker implements Queryable {
  touched = false;
  constructor(
    private readonly inner: Queryable,
    private readonly histogramSeries: Map<string, number[]>,
    private readonly histogramNames: Map<string, number[]>,
  ) {}

  querier(mint: number, maxt: number): Querier {
    const q = this.inner.querier(mint, maxt);
    const self = this;
    return {
      *select(matchers: readonly Matcher[], a: number, b: number): Iterable<SeriesData> {
        const inRange = (ts: number[] | undefined) => ts?.some((t) => t >= a && t <= b) ?? false;
        for (const m of matchers)
          if (m.name === METRIC_NAME && m.type === '=' && inRange(self.histogramNames.get(m.value)))
            self.touched = true;
        for (const s of q.select(matchers, a, b)) {
          if (inRange(self.histogramSeries.get(labelsKey(s.labels)))) self.touched = true;
          yield s;
        }
      },
      labelNames: (m) => q.labelNames(m),
      labelValues: (n, m) => q.labelValues(n, m),
    };
  }
}

function fmtValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** Compares a query result with the expectations; returns an error message or undefined. */
function compare(cmd: EvalCommand, res: QueryResult): string | undefined {
  if (cmd.expectString !== undefined) {
    if (res.resultType !== 'string') return `expected string result, got ${res.resultType}`;
    return res.result.v === cmd.expectString
      ? undefined
      : `expected string "${cmd.expectString}", got "${res.result.v}"`;
  }
  if (cmd.scalar !== undefined) {
    if (res.resultType !== 'scalar') return `expected scalar result, got ${res.resultType}`;
    return almostEqual(cmd.scalar, res.result.v, EPSILON)
      ? undefined
      : `expected scalar ${fmtValue(cmd.scalar)}, got ${fmtValue(res.result.v)}`;
  }
  if (res.resultType === 'scalar') {
    if (!cmd.instant) {
      // A range query of a scalar returns one series without labels.
      return undefined;
    }
    return `unexpected scalar result ${fmtValue(res.result.v)}`;
  }
  if (res.resultType === 'string') return `unexpected string result`;
  const expected = new Map<string, { labels: Labels; points: PointSpec[]; line: number; index: number }>();
  for (const [index, e] of cmd.expected.entries()) expected.set(labelsKey(e.labels), { ...e, index });
  if (res.resultType === 'vector') {
    if (!cmd.instant) return 'expected matrix, got vector';
    if (res.result.length !== expected.size)
      return `expected ${expected.size} series, got ${res.result.length}: ${res.result.map((s) => `${formatLabels(s.metric)} ${fmtValue(s.point.v)}`).join('; ')}`;
    for (let i = 0; i < res.result.length; i++) {
      const s = res.result[i];
      const e = expected.get(labelsKey(s.metric));
      if (!e) return `unexpected series ${formatLabels(s.metric)} ${fmtValue(s.point.v)}`;
      if (cmd.ordered && e.index !== i)
        return `series ${formatLabels(s.metric)} at position ${i}, expected ${e.index}`;
      const p = e.points[0];
      if (p?.kind !== 'float') return `bad expectation for ${formatLabels(s.metric)}`;
      if (!almostEqual(p.v, s.point.v, EPSILON))
        return `${formatLabels(s.metric)}: expected ${fmtValue(p.v)}, got ${fmtValue(s.point.v)}`;
    }
    return undefined;
  }
  // Matrix: a range query, or an instant query returning a range vector.
  if (res.result.length !== expected.size)
    return `expected ${expected.size} series, got ${res.result.length}: ${res.result.map((s) => formatLabels(s.metric)).join('; ')}`;
  for (const s of res.result) {
    const e = expected.get(labelsKey(s.metric));
    if (!e) return `unexpected series ${formatLabels(s.metric)}`;
    const want: { t: number; v: number }[] = [];
    const grid = cmd.instant ? cmd.rangeVector : { start: cmd.start, end: cmd.end, step: cmd.step };
    if (!grid) return 'instant query returned a range vector but no "expect range vector" was given';
    e.points.forEach((p, k) => {
      if (p.kind === 'float') want.push({ t: grid.start + k * grid.step, v: p.v });
    });
    const got = s.points;
    const fmt = (ps: { t: number; v: number }[]) => ps.map((p) => `${fmtValue(p.v)}@${p.t / 1000}`).join(' ');
    if (got.length !== want.length)
      return `${formatLabels(s.metric)}: expected [${fmt(want)}], got [${fmt(got)}]`;
    for (let k = 0; k < got.length; k++) {
      if (got[k].t !== want[k].t || !almostEqual(want[k].v, got[k].v, EPSILON))
        return `${formatLabels(s.metric)}: expected [${fmt(want)}], got [${fmt(got)}]`;
    }
  }
  return undefined;
}

/**
 * Like promqltest, an instant query must give the same result as the middle step of a range query
 * from t-1m to t+1m (this exercises the engine's range evaluation path).
 */
function compareRangeMode(
  cmd: EvalCommand,
  res: QueryResult,
  q: Queryable,
  engine: PromQLEngine,
): string | undefined {
  if (res.resultType !== 'vector' && res.resultType !== 'scalar') return undefined;
  let range: QueryResult;
  try {
    range = engine.rangeQuery(q, cmd.expr, cmd.at - 60_000, cmd.at + 60_000, 60_000);
  } catch (e) {
    return `range mode failed: ${(e as Error).message}`;
  }
  if (range.resultType !== 'matrix') return `range mode returned ${range.resultType}`;
  const last = new Map<string, number>();
  for (const s of range.result) {
    const p = s.points.find((x) => x.t === cmd.at);
    if (p) last.set(labelsKey(s.metric), p.v);
  }
  const inst = res.resultType === 'scalar' ? [{ metric: {}, point: res.result }] : res.result;
  if (inst.length !== last.size)
    return `range mode: expected ${inst.length} series at the middle step, got ${last.size}`;
  for (const s of inst) {
    const v = last.get(labelsKey(s.metric));
    if (v === undefined) return `range mode: missing ${formatLabels(s.metric)}`;
    if (!almostEqual(s.point.v, v, EPSILON))
      return `range mode: ${formatLabels(s.metric)} is ${fmtValue(v)}, instant gave ${fmtValue(s.point.v)}`;
  }
  return undefined;
}

function parseEval(lines: string[], i: number): { cmd: EvalCommand; next: number } {
  const header = lines[i].trim();
  const m =
    /^eval(_fail|_ordered|_warn|_info)?\s+(instant\s+at\s+(\S+)|range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+))\s+(.*)$/.exec(
      header,
    );
  if (!m) throw new Error(`bad eval command: ${header}`);
  const instant = m[3] !== undefined;
  const cmd: EvalCommand = {
    line: i + 1,
    instant,
    at: instant ? parseTime(m[3]) : 0,
    start: instant ? 0 : parseTime(m[4]),
    end: instant ? 0 : parseTime(m[5]),
    step: instant ? 0 : parseTime(m[6]),
    expr: m[7],
    expectFail: m[1] === '_fail',
    ordered: m[1] === '_ordered',
    expected: [],
    histogramExpected: false,
  };
  let j = i + 1;
  for (; j < lines.length; j++) {
    const raw = lines[j];
    const t = raw.trim();
    if (t === '') break;
    if (t.startsWith('#')) continue;
    if (COMMAND.test(raw)) break;
    if (t.startsWith('expect ')) {
      const e = /^expect\s+(\w+)(?:\s+(msg|regex):\s*(.*))?\s*$/.exec(t);
      const rv = /^expect\s+range\s+vector\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)$/.exec(t);
      const str = /^expect\s+string\s+(.*)$/.exec(t);
      if (rv) cmd.rangeVector = { start: parseTime(rv[1]), end: parseTime(rv[2]), step: parseTime(rv[3]) };
      else if (str) cmd.expectString = unquoteString(str[1].trim());
      else if (e?.[1] === 'fail') {
        cmd.expectFail = true;
        if (e[2] === 'msg') cmd.failMsg = e[3].trim();
        if (e[2] === 'regex') cmd.failRegex = new RegExp(e[3].trim());
      } else if (e?.[1] === 'ordered') cmd.ordered = true;
      // warn/info/no_warn/no_info annotations are not checked.
      continue;
    }
    if (t.startsWith('expected_fail_message ')) {
      cmd.expectFail = true;
      cmd.failMsg = t.slice('expected_fail_message '.length).trim();
      continue;
    }
    if (t.startsWith('expected_fail_regexp ')) {
      cmd.expectFail = true;
      cmd.failRegex = new RegExp(t.slice('expected_fail_regexp '.length).trim());
      continue;
    }
    if (t.includes('{{')) cmd.histogramExpected = true;
    if (/^[-+]?([0-9.]|Inf|inf|NaN|nan)/.test(t) && !t.includes('{')) {
      const pts = parseValues(t);
      if (pts[0]?.kind === 'float') cmd.scalar = pts[0].v;
      continue;
    }
    const spec = parseSeriesSpec(t);
    cmd.expected.push({ ...spec, line: j + 1 });
  }
  return { cmd, next: j };
}

/**
 * Runs a Prometheus promqltest script against a store made by `storageFactory`.
 * Evals needing native histograms or experimental features are counted as unsupported.
 */
export function runScript(
  text: string,
  storageFactory: () => TestStorage,
  engine = new PromQLEngine(),
): ScriptResult {
  const result: ScriptResult = { passed: 0, failed: 0, unsupported: 0, failures: [], unsupportedList: [] };
  const lines = text.split('\n');
  let storage = storageFactory();
  // Where native histogram samples were loaded (not stored: this engine handles floats only).
  let histogramSeries = new Map<string, number[]>();
  let histogramNames = new Map<string, number[]>();
  const note = (m: Map<string, number[]>, k: string, t: number) => {
    const l = m.get(k);
    if (l) l.push(t);
    else m.set(k, [t]);
  };
  let i = 0;
  while (i < lines.length) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) {
      i++;
      continue;
    }
    try {
      if (t === 'clear') {
        storage = storageFactory();
        histogramSeries = new Map();
        histogramNames = new Map();
        i++;
        continue;
      }
      const load = /^load(_with_nhcb)?\s+(\S+)/.exec(t);
      if (load) {
        const interval = parseTime(load[2]);
        // A series described twice in one load: the last description wins.
        const specs = new Map<string, ReturnType<typeof parseSeriesSpec>>();
        let j = i + 1;
        for (; j < lines.length; j++) {
          const lt = lines[j].trim();
          if (lt === '' || COMMAND.test(lines[j])) break;
          if (lt.startsWith('#')) continue;
          const spec = parseSeriesSpec(lt);
          specs.set(labelsKey(spec.labels), spec);
        }
        const app = storage.appender();
        let rejected: string | undefined;
        for (const spec of specs.values()) {
          if (load[1]) {
            const name = spec.labels[METRIC_NAME] ?? '';
            const base = name.replace(/_(bucket|count|sum)$/, '');
            for (let k = 0; k < spec.points.length; k++) note(histogramNames, base, k * interval);
          }
          spec.points.forEach((p, k) => {
            const ts = k * interval;
            try {
              if (p.kind === 'float') app.append(spec.labels, ts, p.v);
              else if (p.kind === 'stale') app.append(spec.labels, ts, STALE_NAN);
            } catch (e) {
              rejected ??= `${formatLabels(spec.labels)} @ ${ts / 1000}s: ${(e as Error).message}`;
            }
            if (p.kind === 'histogram') {
              note(histogramSeries, labelsKey(spec.labels), ts);
              note(histogramNames, spec.labels[METRIC_NAME] ?? '', ts);
            }
          });
        }
        app.commit();
        if (rejected) throw new Error(`the store rejected a sample: ${rejected}`);
        i = j;
        continue;
      }
      if (/^eval/.test(t)) {
        const { cmd, next } = parseEval(lines, i);
        i = next;
        runEval(cmd, storage, histogramSeries, histogramNames, engine, result);
        continue;
      }
      throw new Error(`unknown command "${t}" (expected load, clear or eval)`);
    } catch (e) {
      // A malformed command is a failure of that command; the script goes on with the next one.
      result.failed++;
      result.failures.push({ line: i + 1, expr: t, message: (e as Error).message });
      i++;
      while (i < lines.length && lines[i].trim() !== '' && !COMMAND.test(lines[i])) i++;
    }
  }
  return result;
}

function runEval(
  cmd: EvalCommand,
  storage: TestStorage,
  histogramSeries: Map<string, number[]>,
  histogramNames: Map<string, number[]>,
  engine: PromQLEngine,
  result: ScriptResult,
): void {
  const unsupported = (reason: string) => {
    result.unsupported++;
    result.unsupportedList.push({ line: cmd.line, reason });
  };
  if (cmd.histogramExpected) {
    unsupported('native histogram in expected result');
    return;
  }
  if (NATIVE_HISTOGRAM_FUNCTIONS.test(cmd.expr)) {
    unsupported('native histogram function');
    return;
  }
  const tracker = new HistogramTracker(storage, histogramSeries, histogramNames);
  let res: QueryResult | undefined;
  let err: unknown;
  try {
    res = cmd.instant
      ? engine.instantQuery(tracker, cmd.expr, cmd.at)
      : engine.rangeQuery(tracker, cmd.expr, cmd.start, cmd.end, cmd.step);
  } catch (e) {
    err = e;
  }
  if (err instanceof PromQLError && err.unsupported) {
    unsupported(err.unsupported);
    return;
  }
  if (tracker.touched) {
    unsupported('query reads native histogram series');
    return;
  }
  const fail = (message: string) => {
    result.failed++;
    result.failures.push({ line: cmd.line, expr: cmd.expr, message });
  };
  if (err !== undefined) {
    const msg = err instanceof Error ? err.message : String(err);
    if (!cmd.expectFail) {
      fail(`unexpected error: ${msg}`);
      return;
    }
    if (cmd.failMsg !== undefined && msg !== cmd.failMsg) {
      fail(`expected error message "${cmd.failMsg}", got "${msg}"`);
      return;
    }
    if (cmd.failRegex && !cmd.failRegex.test(msg)) {
      fail(`error "${msg}" does not match ${cmd.failRegex}`);
      return;
    }
    result.passed++;
    return;
  }
  if (cmd.expectFail) {
    fail('expected the query to fail, it succeeded');
    return;
  }
  const problem =
    compare(cmd, res!) ?? (cmd.instant ? compareRangeMode(cmd, res!, tracker, engine) : undefined);
  if (problem) {
    fail(problem);
    return;
  }
  result.passed++;
}
