import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors.js';

interface ExportOptions {
  format: string;
  rules: string[];
  defaultRules: boolean;
  output?: string;
}

/** The header's name of the default rules (a stable text, so the committed export never drifts). */
const DEFAULT_RULES_SOURCE = 'packages/controller/rules/default.yml';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `claude-zen rules export --format prometheus`: the rules PromQL can express, as a Prometheus rule file. */
export function registerRulesExportCommand(rules: Command): void {
  rules
    .command('export')
    .description(
      'write the rules PromQL can express as Prometheus recording and alerting rules; say which stay in the controller',
    )
    .option('--format <format>', 'output format (only "prometheus")', 'prometheus')
    .option('--rules <file>', 'rule file (repeatable); replaces default rules of the same name', collect, [])
    .option('--no-default-rules', 'leave out packages/controller/rules/default.yml')
    .option('--output <file>', 'write the rule file here instead of stdout')
    .action(async (opts: ExportOptions) => {
      if (opts.format !== 'prometheus')
        throw new CliError(
          `--format ${JSON.stringify(opts.format)} is not supported; use --format prometheus`,
          2,
        );
      if (!opts.defaultRules && opts.rules.length === 0)
        throw new CliError('nothing to export: give --rules <file> or drop --no-default-rules', 2);
      if (opts.output) {
        const folder = dirname(opts.output);
        if (!existsSync(folder) || !statSync(folder).isDirectory())
          throw new CliError(
            `--output ${opts.output}: no folder ${folder}; create it or choose another path`,
            2,
          );
      }
      const c = await import('@claude-zen/controller');
      let rules: import('@claude-zen/controller').Rule[];
      try {
        rules = c.loadRulesForExport(opts.rules, opts.defaultRules ? c.DEFAULT_RULES_FILE : undefined);
      } catch (e) {
        if (!(e instanceof c.RuleError)) throw e;
        for (const p of e.problems) process.stderr.write(`${c.formatProblem(p)}\n`);
        throw new CliError('fix the rule files first (see `claude-zen rules check`)');
      }
      const exported = c.exportPrometheusRules(rules);
      const sources = [...(opts.defaultRules ? [DEFAULT_RULES_SOURCE] : []), ...opts.rules];
      const text = c.renderRuleFile(exported, { sources });
      for (const s of exported.skipped) process.stderr.write(`skipped ${s.rule} (${s.type}): ${s.reason}\n`);
      for (const a of exported.approximations) process.stderr.write(`approximated ${a.rule}: ${a.note}\n`);
      if (opts.output) {
        // a temporary file renamed into place: a failed export never leaves half a rule file
        const tmp = `${opts.output}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, opts.output);
        const n = exported.groups.length;
        process.stderr.write(
          `${opts.output}: ${n} rule${n === 1 ? '' : 's'} exported, ${exported.skipped.length} skipped\n`,
        );
      } else process.stdout.write(text);
    });
}
