import type { Rule } from '../types.js';
import { alertingRule } from './alerting-rule.js';
import { checkDistinctIds, recordName } from './names.js';
import { dur } from './promql.js';
import { translateRule } from './translate.js';
import type { PrometheusExport, RecordingRule, RuleGroup, Translation } from './types.js';

/** The group name of an exported rule. */
export function groupName(rule: Pick<Rule, 'name'>): string {
  return `claude-zen/${rule.name}`;
}

/**
 * `min_occurrences`: a recorded 1 for every anomalous evaluation, and alert conditions that need
 * `count` of them within the window.
 */
function withMinOccurrences(
  rule: Rule,
  t: Translation,
  v: string,
  rec: (what: string) => string,
): { record?: RecordingRule; warning: string; critical?: string } {
  if (!rule.minOccurrences) return { warning: t.warning, critical: t.critical };
  const anomalous = rec('anomalous');
  const { count, withinMs } = rule.minOccurrences;
  const warning = `count_over_time(${anomalous}[${dur(withinMs)}]) >= ${count}`;
  return {
    record: { record: anomalous, expr: `(${v} and (${t.warning})) * 0 + 1` },
    warning,
    critical: t.critical && `(${t.critical}) and (${warning})`,
  };
}

/**
 * Translates controller rules into Prometheus rule groups, one per rule, evaluated at the rule's
 * interval: a recording rule of the query's value, the type's intermediate and band series
 * (`claude_zen_rule:<rule>:expected|lower|upper|score`), and alerting rules named like the rule
 * (so Alertmanager's webhook into the controller reaches the same optimizer strategies), one per
 * severity (see alerting-rule.ts). Types PromQL cannot express are listed in `skipped`, and
 * differences from the controller's detectors in `approximations`. Throws RuleError when two rule
 * names record under one id.
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
    const m = withMinOccurrences(rule, t, v, rec);
    if (m.record)
      out.approximations.push({
        rule: rule.name,
        note: 'min_occurrences: counts the evaluations that were anomalous (one per interval) within the window',
      });
    const alerts = [alertingRule(rule, rule.severity.warning, m.warning, v, rec)];
    if (m.critical && rule.severity.critical !== rule.severity.warning)
      alerts.push(alertingRule(rule, rule.severity.critical, m.critical, v, rec));
    const group: RuleGroup = {
      name: groupName(rule),
      interval: dur(rule.intervalMs),
      rules: [{ record: v, expr: rule.query }, ...t.records, ...(m.record ? [m.record] : []), ...alerts],
    };
    out.groups.push(group);
  }
  return out;
}
