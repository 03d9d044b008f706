import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ScrapeError } from '../errors.js';
import { parsePromDuration } from './duration.js';
import type { FileSdConfig, ScrapeConfig, ScrapeJobConfig, TargetGroup } from './schema.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const JOB_KEYS = new Set([
  'job_name',
  'scrape_interval',
  'scrape_timeout',
  'metrics_path',
  'scheme',
  'honor_labels',
  'honor_timestamps',
  'sample_limit',
  'static_configs',
  'file_sd_configs',
]);

function fail(field: string, problem: string, fix: string): never {
  throw new ScrapeError('config', `${field}: ${problem}; ${fix}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function duration(field: string, v: unknown, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  const ms = typeof v === 'string' ? parsePromDuration(v) : undefined;
  if (ms === undefined || ms <= 0) {
    fail(field, `${JSON.stringify(v)} is not a duration`, 'write it like "15s", "1m" or "500ms"');
  }
  return ms;
}

function count(field: string, v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    fail(field, `${JSON.stringify(v)} is not a whole number`, 'use 0 (no limit) or a positive integer');
  }
  return v;
}

function bool(field: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') fail(field, `${JSON.stringify(v)} is not a boolean`, 'use true or false');
  return v;
}

/** Validates one target group (`{targets: [...], labels: {...}}`) from config or a file SD file. */
export function validateTargetGroup(field: string, v: unknown, source?: string): TargetGroup {
  if (!isObject(v)) fail(field, 'is not an object', 'write {targets: ["host:port"], labels: {...}}');
  const targets = v.targets ?? [];
  if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string' || t === '')) {
    fail(`${field}.targets`, 'must be a list of "host:port" strings', 'e.g. targets: ["127.0.0.1:9464"]');
  }
  for (const [i, t] of (targets as string[]).entries()) {
    if (t.includes('/')) {
      fail(
        `${field}.targets[${i}]`,
        `${JSON.stringify(t)} contains a path or scheme`,
        'give host:port only; use metrics_path and scheme for the rest',
      );
    }
  }
  const labels: Record<string, string> = {};
  if (v.labels !== undefined && v.labels !== null) {
    if (!isObject(v.labels)) fail(`${field}.labels`, 'is not a map', 'write labels: {name: "value"}');
    for (const [k, val] of Object.entries(v.labels)) {
      if (!LABEL_NAME.test(k))
        fail(`${field}.labels.${k}`, 'is not a valid label name', 'use [a-zA-Z_][a-zA-Z0-9_]*');
      if (typeof val !== 'string') fail(`${field}.labels.${k}`, 'is not a string', 'quote the value');
      labels[k] = val;
    }
  }
  return { targets: targets as string[], labels, source };
}

function fileSd(field: string, v: unknown): FileSdConfig {
  if (!isObject(v)) fail(field, 'is not an object', 'write {files: ["targets/*.json"]}');
  const files = v.files;
  if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f === '')) {
    fail(`${field}.files`, 'must be a non-empty list of paths', 'e.g. files: ["targets/*.yaml"]');
  }
  for (const [i, f] of (files as string[]).entries()) {
    const dir = f.slice(0, Math.max(0, f.lastIndexOf('/')));
    if (dir.includes('*'))
      fail(`${field}.files[${i}]`, 'has a glob in a directory', 'only the file name may contain "*"');
    if (!/\.(json|ya?ml)$/.test(f.replace(/\*$/, '.json'))) {
      fail(`${field}.files[${i}]`, 'must end in .json, .yml or .yaml', 'rename the file or the pattern');
    }
  }
  return {
    files: files as string[],
    refreshIntervalMs: duration(`${field}.refresh_interval`, v.refresh_interval, 300_000),
  };
}

/** Validates a parsed config object (the YAML's top level). Errors name the field and the fix. */
export function validateScrapeConfig(doc: unknown): ScrapeConfig {
  if (doc === undefined || doc === null)
    return { globalIntervalMs: 60_000, globalTimeoutMs: 10_000, jobs: [] };
  if (!isObject(doc)) fail('(top level)', 'is not a map', 'start the file with "scrape_configs:"');
  const global = doc.global ?? {};
  if (!isObject(global)) fail('global', 'is not a map', 'write global: {scrape_interval: 15s}');
  const globalIntervalMs = duration('global.scrape_interval', global.scrape_interval, 60_000);
  const globalTimeoutMs = duration(
    'global.scrape_timeout',
    global.scrape_timeout,
    Math.min(10_000, globalIntervalMs),
  );
  const list = doc.scrape_configs ?? [];
  if (!Array.isArray(list))
    fail('scrape_configs', 'is not a list', 'write scrape_configs: [- job_name: ...]');
  const names = new Set<string>();
  const jobs = list.map((raw, i): ScrapeJobConfig => {
    const f = `scrape_configs[${i}]`;
    if (!isObject(raw)) fail(f, 'is not a map', 'each entry needs at least job_name');
    for (const k of Object.keys(raw)) {
      if (!JOB_KEYS.has(k))
        fail(`${f}.${k}`, 'is not a supported field', `use one of ${[...JOB_KEYS].join(', ')}`);
    }
    const jobName = raw.job_name;
    if (typeof jobName !== 'string' || jobName === '')
      fail(`${f}.job_name`, 'is missing', 'give every job a unique name');
    if (names.has(jobName)) fail(`${f}.job_name`, `"${jobName}" is used twice`, 'job names must be unique');
    names.add(jobName);
    const intervalMs = duration(`${f}.scrape_interval`, raw.scrape_interval, globalIntervalMs);
    const timeoutMs = duration(
      `${f}.scrape_timeout`,
      raw.scrape_timeout,
      Math.min(globalTimeoutMs, intervalMs),
    );
    if (timeoutMs > intervalMs) {
      fail(`${f}.scrape_timeout`, 'is greater than scrape_interval', 'make the timeout at most the interval');
    }
    const metricsPath = raw.metrics_path ?? '/metrics';
    if (typeof metricsPath !== 'string' || !metricsPath.startsWith('/')) {
      fail(`${f}.metrics_path`, 'must be a path starting with "/"', 'e.g. metrics_path: /metrics');
    }
    const scheme = raw.scheme ?? 'http';
    if (scheme !== 'http' && scheme !== 'https')
      fail(`${f}.scheme`, `${JSON.stringify(scheme)} is not supported`, 'use http or https');
    const statics = raw.static_configs ?? [];
    if (!Array.isArray(statics))
      fail(`${f}.static_configs`, 'is not a list', 'write static_configs: [{targets: [...]}]');
    const files = raw.file_sd_configs ?? [];
    if (!Array.isArray(files))
      fail(`${f}.file_sd_configs`, 'is not a list', 'write file_sd_configs: [{files: [...]}]');
    return {
      jobName,
      intervalMs,
      timeoutMs,
      metricsPath,
      scheme,
      honorLabels: bool(`${f}.honor_labels`, raw.honor_labels, false),
      honorTimestamps: bool(`${f}.honor_timestamps`, raw.honor_timestamps, true),
      sampleLimit: count(`${f}.sample_limit`, raw.sample_limit),
      staticConfigs: statics.map((g, j) =>
        validateTargetGroup(`${f}.static_configs[${j}]`, g, `static:${jobName}`),
      ),
      fileSdConfigs: files.map((c, j) => fileSd(`${f}.file_sd_configs[${j}]`, c)),
    };
  });
  return { globalIntervalMs, globalTimeoutMs, jobs };
}

/** Parses a Prometheus-like YAML config (`global`, `scrape_configs`). */
export function parseScrapeConfig(text: string, source = 'config'): ScrapeConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScrapeError('config', `${source}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateScrapeConfig(doc);
}

/**
 * Reads and validates a config file. Relative file_sd paths are then meant relative to the
 * file's folder: pass `dirname(path)` as the manager's `baseDir`.
 */
export function loadScrapeConfigFile(path: string): ScrapeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScrapeError(
      'config',
      code === 'ENOENT'
        ? `${path}: no such file; check the --config path`
        : `${path}: cannot read: ${(e as Error).message}`,
    );
  }
  try {
    return parseScrapeConfig(text, path);
  } catch (e) {
    if (e instanceof ScrapeError && !e.message.startsWith(path))
      throw new ScrapeError('config', `${path}: ${e.message}`);
    throw e;
  }
}
