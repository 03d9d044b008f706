import { RuleError } from '../errors.js';
import type { Rule } from '../types.js';

/** The prefix of every recorded series of an exported rule: `claude_zen_rule:<rule>:<what>`. */
export const RECORD_PREFIX = 'claude_zen_rule';

/** The metric-name-safe id of a rule name (`cpu-usage` → `cpu_usage`). */
export function ruleId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The recorded series `what` of a rule, e.g. `claude_zen_rule:cpu_usage:upper`. */
export function recordName(rule: Pick<Rule, 'name'>, what: string): string {
  return `${RECORD_PREFIX}:${ruleId(rule.name)}:${what}`;
}

/** Throws RuleError when two rules would record under the same names (`a-b` and `a_b`). */
export function checkDistinctIds(rules: readonly Pick<Rule, 'name' | 'file'>[]): void {
  const seen = new Map<string, string>();
  const problems = [];
  for (const r of rules) {
    const id = ruleId(r.name);
    const other = seen.get(id);
    if (other !== undefined && other !== r.name)
      problems.push({
        file: r.file,
        rule: r.name,
        field: 'name',
        message: `records as "${id}" like rule "${other}" does; rename one of them for the Prometheus export`,
      });
    seen.set(id, r.name);
  }
  if (problems.length) throw new RuleError('invalid_rules', problems);
}
