import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { SilenceError } from '../silences/errors.js';
import { parseInhibitRules } from './rules.js';
import type { InhibitRule } from './types.js';

/**
 * Reads inhibition rules from a YAML (or JSON) file: an Alertmanager configuration (its
 * `inhibit_rules` section; the rest is ignored) or a bare list of rules. Errors name the file and
 * the field, e.g. `inhibit.yml: inhibit_rules[0].source_matchers[0]: ...`.
 */
export function loadInhibitRulesFile(file: string): InhibitRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SilenceError(
      'invalid_silence',
      code === 'ENOENT'
        ? 'no such file; give the path of a YAML file with inhibit_rules'
        : `cannot read (${code})`,
      file,
    );
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.linePos?.[0];
    throw new SilenceError(
      'invalid_silence',
      `${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}; fix the YAML syntax`,
      at ? `${file}:${at.line}:${at.col}` : file,
    );
  }
  const data = doc.toJS() as unknown;
  const isConfig = typeof data === 'object' && data !== null && !Array.isArray(data);
  const list = isConfig ? (data as Record<string, unknown>).inhibit_rules : data;
  if (isConfig && list === undefined)
    throw new SilenceError('invalid_silence', 'has no inhibit_rules section', file);
  try {
    return parseInhibitRules(list, 'inhibit_rules');
  } catch (e) {
    if (e instanceof SilenceError) throw new SilenceError(e.code, e.message, file);
    throw e;
  }
}
