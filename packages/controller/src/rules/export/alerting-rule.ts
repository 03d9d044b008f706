import { STRATEGIES } from '../../optimize/strategies.js';
import type { Rule } from '../types.js';
import { dur } from './promql.js';
import { toPrometheusTemplate } from './templates.js';
import type { AlertingRule } from './types.js';

/**
 * The optimizer strategies an alert of this rule calls, as the controller's Alertmanager receiver
 * decides: those listening to the alert name, else those offering one of the rule's actions.
 */
export function strategiesOf(rule: Pick<Rule, 'name' | 'actions'>): string[] {
  const all = Object.values(STRATEGIES);
  const byName = all.filter((s) => s.alerts.includes(rule.name));
  const chosen = byName.length
    ? byName
    : all.filter((s) => s.actions.some((a) => rule.actions.includes(a.name)));
  return chosen.map((s) => s.name);
}

/**
 * The alerting rule of one severity: named like the controller rule, firing on the value series
 * where `cond` holds, with the rule's timing, its labels and annotations as Prometheus templates,
 * and what the optimizer reads: `severity`, `rule`, `strategy` labels and the `actions` annotation.
 */
export function alertingRule(
  rule: Rule,
  severity: string,
  cond: string,
  v: string,
  rec: (what: string) => string,
): AlertingRule {
  const tpl = (text: string) => toPrometheusTemplate(text, { severity, recordOf: rec });
  const labels: Record<string, string> = {};
  for (const [k, text] of Object.entries(rule.labels)) labels[k] = tpl(text);
  labels.severity = severity;
  labels.rule = rule.name;
  const strategies = strategiesOf(rule);
  if (strategies.length) labels.strategy = strategies.join(',');
  const annotations: Record<string, string> = {};
  for (const [k, text] of Object.entries(rule.annotations)) annotations[k] = tpl(text);
  if (rule.actions.length) annotations.actions = rule.actions.join(', ');
  return {
    alert: rule.name,
    expr: `${v} and (${cond})`,
    ...(rule.forMs > 0 ? { for: dur(rule.forMs) } : {}),
    ...(rule.keepFiringForMs > 0 ? { keep_firing_for: dur(rule.keepFiringForMs) } : {}),
    labels,
    annotations,
  };
}
