import { RuleError } from '../errors.js';
import { checkRuleFiles } from '../loader.js';
import type { Rule } from '../types.js';

/**
 * The rules to export: the default rule file (when given) then the user's files, a user rule
 * replacing the default rule of the same name, as the controller loads them. Throws RuleError
 * listing every problem.
 */
export function loadRulesForExport(files: readonly string[], defaultFile?: string): Rule[] {
  const { rules, problems } = checkRuleFiles(files);
  const defaults = defaultFile ? checkRuleFiles([defaultFile]) : { rules: [], problems: [] };
  problems.push(...defaults.problems);
  if (problems.length) throw new RuleError('invalid_rules', problems);
  const names = new Set(rules.map((r) => r.name));
  return [...defaults.rules.filter((r) => !names.has(r.name)), ...rules];
}
