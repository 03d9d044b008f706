import { STRATEGIES } from '../../optimize/strategies.js';
import type { Rule } from '../types.js';
import { checkDistinctIds, recordName } from './names.js';
import { dur } from './promql.js';
import { type BandVariable, toPrometheusTemplate } from './templates.js';
import { translateRule } from './translate.js';
import type { AlertingRule, PrometheusExport, RecordingRule, RuleGroup } from './types.js';

/** The group name of an exported rule. */
export function groupName(rule: Pick<Rule, 'name'>): string {
  return `claude-zen/${rule.name}`;
}

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
 * Translates controller rules into Prometheus rule groups, one per rule, evaluated at the rule's
 * interval: a recording rule of the query's value, the type's intermediate and band series
 * (`claude_zen_rule:<rule>:expected|lower|upper|score`), and alerting rules named like the rule
 * (so Alertmanager's webhook into the controller reaches the same optimizer strategies), one per
 * severity, with `for`, `keep_firing_for`, the rule's labels and annotations, and the labels and
 * annotations the optimizer reads (`severity`, `rule`, `strategy`, `actions`). Types PromQL cannot
 * express are listed in `skipped`. Throws RuleError when two rule names record under one id.
 */
export function exportPrometheusRules(rules: readonly Rule[]): PrometheusExport {
  checkDistinctIds(rules);
  const out: PrometheusExport = { groups: [], skipped: [], approximations: [] };
  for (const rule of rules) {
    const v = recordName(rule, 'value');
    const rec = (what: string) => recordName(rule, what);
    const t = translateRule(rule, { v, rec });
    if ('skipped' in t) {
      out.skipped.push({ rule: rule.name, type: rule.type, reason: t.skipped });
      continue;
    }
    for (const note of t.approximations) out.approximations.push({ rule: rule.name, note });
    const records: RecordingRule[] = [{ record: v, expr: rule.query }, ...t.records];
    let warning = t.warning;
    let critical = t.critical;
    if (rule.minOccurrences) {
      const anomalous = rec('anomalous');
      records.push({ record: anomalous, expr: `(${v} and (${t.warning})) * 0 + 1` });
      warning = `count_over_time(${anomalous}[${dur(rule.minOccurrences.withinMs)}]) >= ${rule.minOccurrences.count}`;
      if (critical) critical = `(${critical}) and (${warning})`;
      out.approximations.push({
        rule: rule.name,
        note: 'min_occurrences: counts the evaluations that were anomalous (one per interval) within the window',
      });
    }
    const alert = (severity: string, cond: string): AlertingRule => {
      const recordOf = (b: BandVariable) => rec(b);
      const tpl = (text: string) => toPrometheusTemplate(text, { severity, recordOf });
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
    };
    const alerts = [alert(rule.severity.warning, warning)];
    if (critical && rule.severity.critical !== rule.severity.warning)
      alerts.push(alert(rule.severity.critical, critical));
    const group: RuleGroup = {
      name: groupName(rule),
      interval: dur(rule.intervalMs),
      rules: [...records, ...alerts],
    };
    out.groups.push(group);
  }
  return out;
}
