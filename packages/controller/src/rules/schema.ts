import { PromQLEngine } from '@claude-zen/tsdb';
import { DetectError } from '../detect/errors.js';
import { getDetector } from '../detect/registry.js';
import type { RawParams } from '../detect/types.js';
import { METRIC_ALIASES, resolveMetricAlias } from './aliases.js';
import { parseRuleDuration } from './duration.js';
import { checkTemplate } from './template.js';
import { RULE_TYPES, type Rule, type RuleProblem, type RuleType, type SeverityMapping } from './types.js';

const FILE_KEYS = ['interval', 'rules'];
const RULE_KEYS = [
  'name',
  'query',
  'metric',
  'type',
  'params',
  'for',
  'keep_firing_for',
  'cooldown',
  'interval',
  'step',
  'window',
  'severity',
  'labels',
  'annotations',
  'actions',
  'min_occurrences',
];
const DEFAULT_INTERVAL_MS = 30_000;
const NAME = /^[A-Za-z_][\w.-]*$/;
const LABEL_NAME = /^[A-Za-z_]\w*$/;
const engine = new PromQLEngine();

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Validates a parsed rule file; every problem names the file, the rule and the field with the fix. */
export function validateRuleDocument(doc: unknown, file: string): { rules: Rule[]; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const rules: Rule[] = [];
  if (!isObj(doc)) {
    problems.push({
      file,
      message: 'expected a mapping with a "rules:" list; see packages/controller/rules/default.yml',
    });
    return { rules, problems };
  }
  for (const k of Object.keys(doc))
    if (!FILE_KEYS.includes(k))
      problems.push({ file, field: k, message: `unknown top-level key; use ${FILE_KEYS.join(' or ')}` });
  let intervalMs = DEFAULT_INTERVAL_MS;
  if (doc.interval !== undefined) {
    const d = duration(doc.interval);
    if (d === undefined || d <= 0)
      problems.push({
        file,
        field: 'interval',
        message: `${show(doc.interval)} is not a positive duration; write it like "30s"`,
      });
    else intervalMs = d;
  }
  if (!Array.isArray(doc.rules)) {
    problems.push({
      file,
      field: 'rules',
      message: 'must be a list of rules, e.g. "rules:\\n  - name: cpu-usage"',
    });
    return { rules, problems };
  }
  const names = new Set<string>();
  doc.rules.forEach((raw, i) => {
    const name = isObj(raw) && typeof raw.name === 'string' ? raw.name : undefined;
    if (name !== undefined && names.has(name))
      problems.push({
        file,
        rule: name,
        field: 'name',
        message: 'is used by another rule of this file; give each rule its own name',
      });
    if (name !== undefined) names.add(name);
    const rule = validateRule(raw, i, file, intervalMs, problems);
    if (rule) rules.push(rule);
  });
  return { rules, problems };
}

function validateRule(
  raw: unknown,
  index: number,
  file: string,
  defaultInterval: number,
  problems: RuleProblem[],
): Rule | undefined {
  const before = problems.length;
  const label = isObj(raw) && typeof raw.name === 'string' ? raw.name : `#${index + 1}`;
  const bad = (field: string | undefined, message: string) =>
    problems.push({ file, rule: label, field, message });
  if (!isObj(raw)) {
    bad(undefined, 'must be a mapping with name, query (or metric) and type');
    return undefined;
  }
  for (const k of Object.keys(raw))
    if (!RULE_KEYS.includes(k)) bad(k, `unknown field; known fields: ${RULE_KEYS.join(', ')}`);

  if (typeof raw.name !== 'string' || !NAME.test(raw.name))
    bad(
      'name',
      `${show(raw.name)} is not a rule name; use letters, digits, "-", "_" or ".", e.g. "cpu-usage"`,
    );

  let query = '';
  let metric: string | undefined;
  if (raw.query !== undefined && raw.metric !== undefined)
    bad('query', 'give either "query" or "metric", not both');
  else if (typeof raw.query === 'string' && raw.query.trim()) query = raw.query.trim();
  else if (typeof raw.metric === 'string') {
    const q = resolveMetricAlias(raw.metric);
    if (q === undefined)
      bad(
        'metric',
        `${show(raw.metric)} is not a known alias; use one of ${Object.keys(METRIC_ALIASES).join(', ')} or write a PromQL "query"`,
      );
    else {
      query = q;
      metric = raw.metric;
    }
  } else if (raw.query !== undefined)
    bad('query', 'must be a PromQL expression (a string), e.g. "process_cpu_utilization"');
  else bad('query', 'is missing; give a PromQL "query" or a "metric" alias such as system.cpu');
  if (query) {
    try {
      engine.parse(query);
    } catch (e) {
      bad(metric ? 'metric' : 'query', `is not valid PromQL: ${(e as Error).message}`);
    }
  }

  let type: RuleType = 'threshold';
  if (typeof raw.type !== 'string' || !(RULE_TYPES as readonly string[]).includes(raw.type))
    bad('type', `${show(raw.type)} is not a rule type; use one of ${RULE_TYPES.join(', ')}`);
  else type = raw.type as RuleType;

  let params: RawParams = {};
  if (raw.params !== undefined && !isObj(raw.params))
    bad('params', 'must be a mapping of detector parameters, e.g. "params: { warning: 0.8 }"');
  else if (isObj(raw.params)) {
    params = {};
    for (const [k, v] of Object.entries(raw.params)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params[k] = v;
      else bad(`params.${k}`, `${show(v)} must be a number, a string or a boolean`);
    }
  }
  if (problems.length === before || !problems.slice(before).some((p) => p.field === 'type'))
    checkParams(type, params, bad);

  const dur = (field: string, def: number, positive = false): number => {
    if (raw[field] === undefined) return def;
    const d = duration(raw[field]);
    if (d === undefined || (positive && d <= 0)) {
      bad(field, `${show(raw[field])} is not a${positive ? ' positive' : ''} duration; write it like "5m"`);
      return def;
    }
    return d;
  };
  const forMs = dur('for', 0);
  const keepFiringForMs = dur('keep_firing_for', 0);
  const cooldownMs = dur('cooldown', 0);
  const intervalMs = dur('interval', defaultInterval, true);
  const stepMs = dur('step', intervalMs, true);
  const windowMs = dur('window', 0);

  const severity = checkSeverity(raw.severity, bad);
  const labels = checkStringMap(raw.labels, 'labels', bad, true);
  const annotations = checkStringMap(raw.annotations, 'annotations', bad, false);
  let actions: string[] = [];
  if (raw.actions !== undefined) {
    if (!Array.isArray(raw.actions) || raw.actions.some((a) => typeof a !== 'string' || !NAME.test(a)))
      bad('actions', 'must be a list of action names, e.g. [trigger-gc, enable-wasm]');
    else actions = raw.actions as string[];
  }
  let minOccurrences: Rule['minOccurrences'];
  if (raw.min_occurrences !== undefined) {
    const m = raw.min_occurrences;
    const within = isObj(m) ? duration(m.within) : undefined;
    if (
      !isObj(m) ||
      !Number.isInteger(m.count) ||
      (m.count as number) < 1 ||
      within === undefined ||
      within <= 0
    )
      bad(
        'min_occurrences',
        'must be like "{ count: 5, within: 10m }" (a whole count >= 1 and a positive duration)',
      );
    else minOccurrences = { count: m.count as number, withinMs: within };
  }
  if (problems.length > before) return undefined;
  return {
    name: raw.name as string,
    file,
    query,
    ...(metric ? { metric } : {}),
    type,
    params,
    forMs,
    keepFiringForMs,
    cooldownMs,
    intervalMs,
    stepMs,
    windowMs,
    severity,
    labels,
    annotations,
    actions,
    ...(minOccurrences ? { minOccurrences } : {}),
  };
}

function checkParams(type: RuleType, params: RawParams, bad: (field: string, message: string) => void): void {
  try {
    getDetector(type).resolve(params);
  } catch (e) {
    if (!(e instanceof DetectError)) throw e;
    const key = /parameter "([^"]+)"/.exec(e.message)?.[1];
    bad(key ? `params.${key}` : 'params', e.message.replace(/^detector "[^"]+": /, ''));
  }
}

function checkSeverity(raw: unknown, bad: (field: string, message: string) => void): SeverityMapping {
  if (raw === undefined) return { warning: 'warning', critical: 'critical' };
  if (typeof raw === 'string' && raw) return { warning: raw, critical: raw };
  if (isObj(raw)) {
    const unknown = Object.keys(raw).filter((k) => k !== 'warning' && k !== 'critical');
    if (!unknown.length && Object.values(raw).every((v) => typeof v === 'string' && v))
      return {
        warning: (raw.warning as string) ?? 'warning',
        critical: (raw.critical as string) ?? 'critical',
      };
  }
  bad(
    'severity',
    `${show(raw)} must be a severity name ("critical") or a mapping like "{ warning: warning, critical: page }"`,
  );
  return { warning: 'warning', critical: 'critical' };
}

function checkStringMap(
  raw: unknown,
  field: string,
  bad: (field: string, message: string) => void,
  labelNames: boolean,
): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObj(raw)) {
    bad(field, `must be a mapping of names to text, e.g. "${field}: { team: platform }"`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (labelNames && !LABEL_NAME.test(k))
      bad(`${field}.${k}`, 'is not a label name; use letters, digits and "_"');
    if (typeof v !== 'string' && typeof v !== 'number') {
      bad(`${field}.${k}`, `${show(v)} must be text`);
      continue;
    }
    const why = checkTemplate(String(v));
    if (why) bad(`${field}.${k}`, why);
    out[k] = String(v);
  }
  return out;
}

function duration(x: unknown): number | undefined {
  if (typeof x === 'number' && x === 0) return 0;
  return typeof x === 'string' ? parseRuleDuration(x) : undefined;
}

function show(x: unknown): string {
  return x === undefined ? 'missing value' : JSON.stringify(x);
}
