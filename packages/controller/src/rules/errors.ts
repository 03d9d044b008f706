import type { RuleProblem } from './types.js';

export type RuleErrorCode = 'invalid_rules' | 'unreadable';

/** `rules.yml: rule "cpu-usage": field "for": "5x" is not a duration; write it like "5m"`. */
export function formatProblem(p: RuleProblem): string {
  let s = p.file;
  if (p.rule !== undefined) s += `: rule ${JSON.stringify(p.rule)}`;
  if (p.field !== undefined) s += `: field ${JSON.stringify(p.field)}`;
  return `${s}: ${p.message}`;
}

/** Rule files that cannot be used; `problems` lists every one, each naming file, rule and field. */
export class RuleError extends Error {
  override readonly name = 'RuleError';
  constructor(
    readonly code: RuleErrorCode,
    readonly problems: RuleProblem[],
  ) {
    super(problems.map(formatProblem).join('\n'));
  }
}
