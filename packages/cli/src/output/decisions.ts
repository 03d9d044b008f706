import { level, type Styles, tree } from './format.js';

type Obj = Record<string, unknown>;

/** The decisions list of a POST /api/optimize answer (an array, or `{ decisions }`). */
export function decisionsOf(body: unknown): Obj[] | undefined {
  if (Array.isArray(body)) return body as Obj[];
  const d = (body as Obj | undefined)?.decisions;
  return Array.isArray(d) ? (d as Obj[]) : undefined;
}

/** One line per optimizer decision: `applied cpu on host:9464 (enable-wasm): reason`. */
export function renderDecisions(body: unknown, s: Styles): string[] {
  const decisions = decisionsOf(body);
  if (!decisions) return tree(body);
  if (decisions.length === 0) return ['no decision: nothing to do for this strategy'];
  const strategy = (body as Obj).strategy;
  return decisions.map((d) => {
    const decision = String(d.decision ?? d.state ?? '?');
    const tone = /fail|rolled|skip|refus|block/.test(decision) ? 'warning' : 'good';
    const action = d.action ?? (d.candidate as Obj | undefined)?.action;
    const target = d.target ?? (d.candidate as Obj | undefined)?.target;
    const reason = d.reason ?? d.explanation ?? d.improvement;
    return `${level(s, decision, tone)} ${String(d.strategy ?? strategy ?? '')}${target ? ` on ${String(target)}` : ''}${action ? ` (${String(action)})` : ''}${reason ? `: ${String(reason)}` : ''}`;
  });
}
