import type { AlertStateChange } from '../state/types.js';

/** What a person reads about one state change, shared by the Slack and email channels. */
export interface AlertMessage {
  status: 'FIRING' | 'RESOLVED' | string;
  severity: string;
  title: string;
  description: string | undefined;
  value: string;
  band: string;
  since: string | undefined;
  labels: [string, string][];
  rootCauses: string[];
  links: { text: string; url: string }[];
}

/** Notification status of a change: only firing and firing → resolved are notified. */
export function notifiable(change: AlertStateChange): boolean {
  return change.to === 'firing' || (change.to === 'resolved' && change.from === 'firing');
}

export function statusOf(change: AlertStateChange): string {
  return change.to === 'firing' ? 'FIRING' : change.to === 'resolved' ? 'RESOLVED' : change.to.toUpperCase();
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** One root cause as text: `{ cause|name|metric, confidence }` objects become "name (confidence 0.8)". */
function causeText(c: unknown): string | undefined {
  if (typeof c === 'string') return c;
  if (typeof c !== 'object' || c === null) return undefined;
  const o = c as Record<string, unknown>;
  const name = o.cause ?? o.name ?? o.metric ?? o.description;
  if (typeof name !== 'string') return undefined;
  return typeof o.confidence === 'number' ? `${name} (confidence ${formatNumber(o.confidence)})` : name;
}

/** Root causes as rules may give them: a string, or a JSON list of strings or `{ cause, confidence }`. */
function parseCauses(v: string): string[] {
  const t = v.trim();
  if (t.startsWith('[')) {
    try {
      const list = JSON.parse(t) as unknown;
      if (Array.isArray(list)) return list.map(causeText).filter((x): x is string => x !== undefined);
    } catch {
      // plain text after all
    }
  }
  return t.split('\n').filter(Boolean);
}

/**
 * Root causes in the evidence (keys named like `root_cause`, `rootCauses`, `cause_1`) and in the
 * `root_causes` annotation.
 */
function rootCauses(change: AlertStateChange): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(change.evidence)) {
    if (!/^(root_?causes?|causes?)([_:.-]?\w*)$/i.test(k) || v === null || v === '') continue;
    if (typeof v === 'string') out.push(...parseCauses(v));
    else out.push(`${k}: ${v}`);
  }
  const fromAnnotation = change.annotations.root_causes ?? change.annotations.rootCauses;
  if (fromAnnotation) out.push(...parseCauses(fromAnnotation));
  return out;
}

/** Links: annotations ending in `_url` (runbook_url, dashboard_url, ...) plus configured ones. */
function linksOf(
  change: AlertStateChange,
  extra: { text: string; url: string }[],
): { text: string; url: string }[] {
  const out: { text: string; url: string }[] = [];
  for (const [k, v] of Object.entries(change.annotations)) {
    if (/_?url$/i.test(k) && /^https?:\/\//.test(v))
      out.push({ text: k.replace(/_?url$/i, '') || k, url: v });
  }
  return [...out, ...extra];
}

export function buildMessage(
  change: AlertStateChange,
  extraLinks: { text: string; url: string }[] = [],
): AlertMessage {
  const a = change.annotations;
  return {
    status: statusOf(change),
    severity: change.severity,
    title: a.title ?? a.summary ?? change.labels.alertname ?? change.rule,
    description: a.description,
    value: formatNumber(change.value),
    band: `${formatNumber(change.lower)} – ${formatNumber(change.upper)} (expected ${formatNumber(change.expected)})`,
    since: change.activeAt === null ? undefined : new Date(change.activeAt).toISOString(),
    labels: Object.entries(change.labels).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    rootCauses: rootCauses(change),
    links: linksOf(change, extraLinks),
  };
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
