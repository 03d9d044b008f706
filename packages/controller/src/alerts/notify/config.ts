import { NotifyError } from './errors.js';
import type { ChannelConfig, NotifyConfig, RetryPolicy } from './types.js';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 };

type Obj = Record<string, unknown>;

function fail(field: string, message: string): never {
  throw new NotifyError('invalid_config', message, field);
}

function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be an object');
  return v as Obj;
}

function str(o: Obj, key: string, field: string, required: true): string;
function str(o: Obj, key: string, field: string, required: false): string | undefined;
function str(o: Obj, key: string, field: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined) {
    if (required) fail(`${field}.${key}`, 'is required');
    return undefined;
  }
  if (typeof v !== 'string' || v === '') fail(`${field}.${key}`, 'must be a non-empty string');
  return v;
}

function num(o: Obj, key: string, field: string, min: number, integer = true): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    fail(`${field}.${key}`, `must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
  }
  return v;
}

function url(o: Obj, key: string, field: string): string {
  const v = str(o, key, field, true);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    fail(`${field}.${key}`, `${JSON.stringify(v)} is not a URL; write it like "http://127.0.0.1:9093"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(`${field}.${key}`, 'must be an http(s) URL');
  return v;
}

function strings(o: Obj, key: string, field: string, required: boolean): string[] | undefined {
  const v = o[key];
  if (v === undefined) {
    if (required) fail(`${field}.${key}`, 'is required (a list of strings)');
    return undefined;
  }
  if (!Array.isArray(v) || v.length === 0) fail(`${field}.${key}`, 'must be a non-empty list of strings');
  v.forEach((s, i) => {
    if (typeof s !== 'string' || s === '') fail(`${field}.${key}[${i}]`, 'must be a non-empty string');
  });
  return v as string[];
}

function links(o: Obj, field: string): { text: string; url: string }[] | undefined {
  if (o.links === undefined) return undefined;
  if (!Array.isArray(o.links)) fail(`${field}.links`, 'must be a list of { text, url }');
  return o.links.map((l, i) => {
    const lo = obj(l, `${field}.links[${i}]`);
    return {
      text: str(lo, 'text', `${field}.links[${i}]`, true),
      url: url(lo, 'url', `${field}.links[${i}]`),
    };
  });
}

function retry(o: Obj, field: string): Partial<RetryPolicy> | undefined {
  if (o.retry === undefined) return undefined;
  const r = obj(o.retry, `${field}.retry`);
  const f = `${field}.retry`;
  const out: Partial<RetryPolicy> = {};
  const attempts = num(r, 'attempts', f, 1);
  const initialDelayMs = num(r, 'initialDelayMs', f, 0);
  const maxDelayMs = num(r, 'maxDelayMs', f, 0);
  const factor = num(r, 'factor', f, 1, false);
  if (attempts !== undefined) out.attempts = attempts;
  if (initialDelayMs !== undefined) out.initialDelayMs = initialDelayMs;
  if (maxDelayMs !== undefined) out.maxDelayMs = maxDelayMs;
  if (factor !== undefined) out.factor = factor;
  return out;
}

function stringMap(o: Obj, key: string, field: string): Record<string, string> | undefined {
  if (o[key] === undefined) return undefined;
  const m = obj(o[key], `${field}.${key}`);
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string') fail(`${field}.${key}.${k}`, 'must be a string');
  }
  return m as Record<string, string>;
}

function channel(raw: unknown, field: string): ChannelConfig {
  const o = obj(raw, field);
  const name = str(o, 'name', field, true);
  const common = {
    name,
    severities: strings(o, 'severities', field, false),
    retry: retry(o, field),
    timeoutMs: num(o, 'timeoutMs', field, 1),
  };
  switch (o.kind) {
    case 'alertmanager': {
      const basic = o.basicAuth === undefined ? undefined : obj(o.basicAuth, `${field}.basicAuth`);
      return {
        ...common,
        kind: 'alertmanager',
        url: url(o, 'url', field),
        resendIntervalMs: num(o, 'resendIntervalMs', field, 1),
        bearerToken: str(o, 'bearerToken', field, false),
        basicAuth: basic && {
          username: str(basic, 'username', `${field}.basicAuth`, true),
          password: str(basic, 'password', `${field}.basicAuth`, true),
        },
        generatorUrl: o.generatorUrl === undefined ? undefined : url(o, 'generatorUrl', field),
      };
    }
    case 'slack':
      return { ...common, kind: 'slack', webhookUrl: url(o, 'webhookUrl', field), links: links(o, field) };
    case 'email': {
      const port = num(o, 'port', field, 1);
      if (port === undefined || port > 65535) fail(`${field}.port`, 'is required: an integer 1-65535');
      const auth = o.auth === undefined ? undefined : obj(o.auth, `${field}.auth`);
      for (const k of ['secure', 'requireTls'] as const) {
        if (o[k] !== undefined && typeof o[k] !== 'boolean') fail(`${field}.${k}`, 'must be true or false');
      }
      return {
        ...common,
        kind: 'email',
        host: str(o, 'host', field, true),
        port,
        secure: o.secure as boolean | undefined,
        requireTls: o.requireTls as boolean | undefined,
        auth: auth && {
          user: str(auth, 'user', `${field}.auth`, true),
          pass: str(auth, 'pass', `${field}.auth`, true),
        },
        from: str(o, 'from', field, true),
        to: strings(o, 'to', field, true)!,
        links: links(o, field),
      };
    }
    case 'webhook':
      return {
        ...common,
        kind: 'webhook',
        url: url(o, 'url', field),
        bearerToken: str(o, 'bearerToken', field, false),
        headers: stringMap(o, 'headers', field),
      };
    default:
      return fail(
        `${field}.kind`,
        `must be one of alertmanager, slack, email, webhook (got ${JSON.stringify(o.kind)})`,
      );
  }
}

/** Validates a raw `notifications` section; errors name the field, e.g. `channels[1].url`. */
export function parseNotifyConfig(raw: unknown): NotifyConfig {
  const o = obj(raw, 'notifications');
  if (!Array.isArray(o.channels)) fail('channels', 'must be a list of channels');
  const channels = o.channels.map((c, i) => channel(c, `channels[${i}]`));
  const seen = new Set<string>();
  channels.forEach((c, i) => {
    if (seen.has(c.name))
      fail(`channels[${i}].name`, `${JSON.stringify(c.name)} is used twice; names must be unique`);
    seen.add(c.name);
  });
  return { channels, queueLimit: num(o, 'queueLimit', 'notifications', 1) };
}

/** The channel's retry policy with defaults filled in. */
export function retryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  return { ...DEFAULT_RETRY, ...partial };
}
