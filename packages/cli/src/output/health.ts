import { clock, level, num, type Styles, tree } from './format.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** `k v, k v` of the scalar fields of an object (a component's metrics). */
function scalars(v: unknown): string {
  return Object.entries(obj(v))
    .filter(([, x]) => x !== undefined && (x === null || typeof x !== 'object'))
    .map(([k, x]) => `${k} ${typeof x === 'number' ? num(x, 2) : String(x ?? '–')}`)
    .join('  ');
}

function alertLines(alerts: unknown, s: Styles, indent: string): string[] {
  return (Array.isArray(alerts) ? (alerts as Obj[]) : []).map(
    (a) =>
      `${indent}${level(s, String(a.severity ?? '?'), a.severity)} ${String(a.rule ?? '?')} ${String(a.status ?? a.to ?? '')} ${String(a.title ?? '')} ${s.dim(clock(a.activeAt ?? a.at))}`,
  );
}

/** One component of GET /api/health: score, status, metrics (and alerts when detailed). */
function componentLines(name: string, c: Obj, s: Styles, detailed: boolean, indent: string): string[] {
  const lvl = c.status ?? c.level;
  const alerts = Array.isArray(c.alerts) ? c.alerts : [];
  const lines = [
    `${indent}${name.padEnd(8)} ${level(s, `${num(c.score, 0).padStart(3)} ${String(lvl ?? '')}`, lvl)}${alerts.length ? `  ${alerts.length} alert${alerts.length === 1 ? '' : 's'}` : ''}`,
  ];
  if (detailed) {
    const m = scalars(c.metrics);
    if (m) lines.push(`${indent}  ${m}`);
    lines.push(...alertLines(alerts, s, `${indent}  `));
  }
  return lines;
}

/** GET /api/health[/:component] as lines: the score and status, each component, details with --detailed. */
export function renderHealth(
  body: unknown,
  s: Styles,
  o: { component?: string; detailed?: boolean },
): string[] {
  const b = obj(body);
  if (o.component) {
    const lines = componentLines(String(b.component ?? o.component), b, s, true, '');
    lines[0] = s.bold(lines[0]);
    if (o.detailed && b.metrics && typeof b.metrics === 'object') lines.push(...tree(b.metrics, '  '));
    return lines;
  }
  const status = b.status ?? 'unknown';
  const lines = [
    `${s.bold('Health')}  ${level(s, `${num(b.overall ?? b.score, 0)}/100 ${String(status)}`, status)}`,
  ];
  for (const [name, c] of Object.entries(obj(b.components)))
    lines.push(...componentLines(name, obj(c), s, Boolean(o.detailed), '  '));
  return lines;
}
