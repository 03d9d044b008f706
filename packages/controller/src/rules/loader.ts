import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { RuleError } from './errors.js';
import { validateRuleDocument } from './schema.js';
import type { Rule, RuleProblem } from './types.js';

/** Parses and validates one rule file's text; `file` names it in every problem. */
export function parseRuleText(text: string, file: string): { rules: Rule[]; problems: RuleProblem[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      rules: [],
      problems: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return {
          file: at ? `${file}:${at.line}:${at.col}` : file,
          message: `${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}; fix the YAML syntax`,
        };
      }),
    };
  }
  return validateRuleDocument(doc.toJS(), file);
}

/** Reads and validates rule files; every problem of every file is collected. */
export function checkRuleFiles(files: readonly string[]): { rules: Rule[]; problems: RuleProblem[] } {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const owner = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({
        file,
        message:
          code === 'ENOENT'
            ? 'no such file; check the path'
            : code === 'EISDIR'
              ? 'is a folder; give a rule file (.yml)'
              : `cannot read it (${code ?? (e as Error).message}); check its permissions`,
      });
      continue;
    }
    const r = parseRuleText(text, file);
    problems.push(...r.problems);
    for (const rule of r.rules) {
      const other = owner.get(rule.name);
      if (other && other !== file)
        problems.push({
          file,
          rule: rule.name,
          field: 'name',
          message: `is also defined in ${other}; rule names must be unique`,
        });
      owner.set(rule.name, file);
      rules.push(rule);
    }
  }
  return { rules, problems };
}

/** Reads rule files, throwing RuleError (listing every problem) when any is wrong. */
export function loadRuleFiles(files: readonly string[]): Rule[] {
  const { rules, problems } = checkRuleFiles(files);
  if (problems.length) throw new RuleError('invalid_rules', problems);
  return rules;
}
