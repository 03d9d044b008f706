/** What a label or annotation template may refer to. */
export interface TemplateData {
  labels: Readonly<Record<string, string>>;
  value: number;
  /** Extra `$name` variables: score, expected, lower, upper, severity. */
  vars?: Readonly<Record<string, string | number>>;
}

const ACTION = /\{\{\s*(.*?)\s*\}\}/g;

/**
 * Renders Prometheus-style templates: `{{ $labels.instance }}`, `{{ $value }}`, `{{ $score }}`,
 * `{{ humanize $value }}`, `{{ printf "%.2f" $value }}`. Unknown references render empty.
 */
export function renderTemplate(text: string, data: TemplateData): string {
  return text.replace(ACTION, (_all, body: string) => evalAction(body, data));
}

/** The reason a template cannot be rendered, or undefined when it is fine. */
export function checkTemplate(text: string): string | undefined {
  const opens = text.split('{{').length - 1;
  const closes = text.split('}}').length - 1;
  if (opens !== closes) return 'has unbalanced {{ }}';
  for (const m of text.matchAll(ACTION)) {
    const body = m[1];
    if (!/^(humanize\s+|humanizePercentage\s+|printf\s+"[^"]*"\s+)?\$[A-Za-z_][\w.]*$/.test(body))
      return `cannot render {{ ${body} }}; use {{ $labels.NAME }}, {{ $value }}, {{ humanize $value }} or {{ printf "%.2f" $value }}`;
  }
  return undefined;
}

function evalAction(body: string, data: TemplateData): string {
  const m = /^(?:(humanize|humanizePercentage)\s+|printf\s+"([^"]*)"\s+)?(\$[A-Za-z_][\w.]*)$/.exec(body);
  if (!m) return '';
  const v = lookup(m[3], data);
  if (m[1] === 'humanize') return typeof v === 'number' ? humanize(v) : String(v);
  if (m[1] === 'humanizePercentage') return typeof v === 'number' ? `${round(v * 100)}%` : String(v);
  if (m[2] !== undefined) return printf(m[2], v);
  return typeof v === 'number' ? String(v) : v;
}

function lookup(ref: string, data: TemplateData): string | number {
  if (ref === '$value') return data.value;
  if (ref.startsWith('$labels.')) return data.labels[ref.slice(8)] ?? '';
  return data.vars?.[ref.slice(1)] ?? '';
}

function printf(format: string, v: string | number): string {
  return format.replace(/%(\.(\d+))?([fdsgv])/g, (_m, _p, digits: string | undefined, verb: string) => {
    if (typeof v !== 'number') return String(v);
    if (verb === 'f') return v.toFixed(digits ? Number(digits) : 6);
    if (verb === 'd') return String(Math.trunc(v));
    return String(v);
  });
}

function round(v: number): string {
  return String(Number(v.toPrecision(4)));
}

function humanize(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1) {
    const units = ['', 'k', 'M', 'G', 'T', 'P'];
    let i = 0;
    let x = v;
    while (Math.abs(x) >= 1000 && i < units.length - 1) {
      x /= 1000;
      i++;
    }
    return `${round(x)}${units[i]}`;
  }
  if (abs === 0 || !Number.isFinite(v)) return String(v);
  const units = ['', 'm', 'u', 'n', 'p'];
  let i = 0;
  let x = v;
  while (Math.abs(x) < 1 && i < units.length - 1) {
    x *= 1000;
    i++;
  }
  return `${round(x)}${units[i]}`;
}
