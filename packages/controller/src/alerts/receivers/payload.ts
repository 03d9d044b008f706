import { NotifyError } from '../notify/errors.js';

/** One alert received from Alertmanager, as the optimizer consumes it. */
export interface AlertmanagerEvent {
  source: 'alertmanager';
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  /** The receiver named in Alertmanager's config. */
  receiver: string;
  /** Link to the rule's expression in the Prometheus that evaluated it, when given. */
  generatorURL?: string;
}

type Obj = Record<string, unknown>;

function bad(field: string, message: string): never {
  throw new NotifyError('invalid_payload', message, field);
}

function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(field, 'must be a JSON object');
  return v as Obj;
}

function labelMap(v: unknown, field: string, optional: boolean): Record<string, string> {
  if (v === undefined && optional) return {};
  const o = obj(v, field);
  for (const [k, val] of Object.entries(o)) {
    if (typeof val !== 'string') bad(`${field}.${k}`, 'must be a string');
  }
  return o as Record<string, string>;
}

function status(v: unknown, field: string): 'firing' | 'resolved' {
  if (v !== 'firing' && v !== 'resolved')
    bad(field, `must be "firing" or "resolved" (got ${JSON.stringify(v)})`);
  return v;
}

function time(v: unknown, field: string, optional: boolean): string {
  if (v === undefined && optional) return '';
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) bad(field, 'must be an RFC 3339 time string');
  return v;
}

/**
 * Validates an Alertmanager webhook body (payload version 4) and turns each alert into an
 * event. Errors name the field, e.g. `alerts[0].labels`.
 */
export function parseAlertmanagerPayload(body: unknown): AlertmanagerEvent[] {
  const o = obj(body, '(body)');
  if (o.version !== '4')
    bad('version', `must be "4" (Alertmanager webhook payload version), got ${JSON.stringify(o.version)}`);
  status(o.status, 'status');
  if (typeof o.receiver !== 'string') bad('receiver', 'must be a string');
  labelMap(o.groupLabels, 'groupLabels', true);
  labelMap(o.commonLabels, 'commonLabels', true);
  if (!Array.isArray(o.alerts)) bad('alerts', 'must be a list of alerts');
  return o.alerts.map((raw, i) => {
    const f = `alerts[${i}]`;
    const a = obj(raw, f);
    const labels = labelMap(a.labels, `${f}.labels`, false);
    if (typeof a.fingerprint !== 'string' || a.fingerprint === '')
      bad(`${f}.fingerprint`, 'must be a non-empty string');
    return {
      source: 'alertmanager',
      status: status(a.status, `${f}.status`),
      labels,
      annotations: labelMap(a.annotations, `${f}.annotations`, true),
      startsAt: time(a.startsAt, `${f}.startsAt`, false),
      endsAt: time(a.endsAt, `${f}.endsAt`, true),
      fingerprint: a.fingerprint,
      receiver: o.receiver as string,
      ...(typeof a.generatorURL === 'string' && a.generatorURL !== ''
        ? { generatorURL: a.generatorURL }
        : {}),
    };
  });
}

/** The PromQL of an alert from its generatorURL (Prometheus links `/graph?g0.expr=...`), if any. */
export function expressionOf(generatorURL: string | undefined): string | undefined {
  if (!generatorURL) return undefined;
  try {
    const expr = new URL(generatorURL).searchParams.get('g0.expr');
    return expr?.trim() ? expr : undefined;
  } catch {
    return undefined;
  }
}
