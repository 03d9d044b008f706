import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { registerRulesExportCommand } from './rules-export.js';

interface BacktestOptions {
  rules: string[];
  data?: string;
  prometheusUrl?: string;
  bearerToken?: string;
  basicAuth?: string;
  from: string;
  to: string;
  step: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function parseTime(flag: string, text: string): Promise<number> {
  if (text === 'now') return Date.now();
  const { parseTimeParam } = await import('@claude-zen/tsdb');
  try {
    return parseTimeParam(flag, text);
  } catch {
    throw new CliError(
      `--${flag} ${JSON.stringify(text)} is not a time; give RFC 3339 (2026-01-02T15:04:05Z), unix seconds or "now"`,
      2,
    );
  }
}

/** `claude-zen rules check|backtest`. */
export function registerRulesCommands(program: Command): void {
  const rules = program
    .command('rules')
    .description('alert rules: validate rule files and replay them over history');
  registerRulesExportCommand(rules);

  rules
    .command('check')
    .description('validate rule files; print every problem (file, rule, field and the fix); exit 1 on any')
    .argument('<files...>', 'rule files (YAML)')
    .action(async (files: string[]) => {
      const { checkRuleFiles, formatProblem } = await import('@claude-zen/controller');
      const { rules: ok, problems } = checkRuleFiles(files);
      if (problems.length) {
        for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
        throw new CliError(
          `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files.join(', ')}`,
        );
      }
      process.stdout.write(`${files.join(', ')}: ${ok.length} rule${ok.length === 1 ? '' : 's'} OK\n`);
    });

  rules
    .command('backtest')
    .description(
      'replay rules over stored history and print every alert state change as a JSON line (every rule is evaluated at each step)',
    )
    .requiredOption('--rules <file>', 'rule file (repeatable)', collect, [])
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--prometheus-url <url>', 'a Prometheus-compatible HTTP API instead of --data')
    .option('--bearer-token <token>', 'bearer token for --prometheus-url')
    .option('--basic-auth <user:password>', 'basic auth for --prometheus-url')
    .requiredOption('--from <time>', 'first evaluation: RFC 3339, unix seconds or "now"')
    .requiredOption('--to <time>', 'last evaluation: RFC 3339, unix seconds or "now"')
    .option('--step <duration>', 'time between evaluations, e.g. 30s', '30s')
    .action(async (opts: BacktestOptions) => {
      const controller = await import('@claude-zen/controller');
      const { checkRuleFiles, formatProblem, parseRuleDuration } = controller;
      if (!opts.data === !opts.prometheusUrl)
        throw new CliError('give exactly one of --data <dir> or --prometheus-url <url>', 2);
      const from = await parseTime('from', opts.from);
      const to = await parseTime('to', opts.to);
      if (to < from) throw new CliError('--to is before --from; swap them', 2);
      const step = parseRuleDuration(opts.step);
      if (!step)
        throw new CliError(
          `--step ${JSON.stringify(opts.step)} is not a positive duration; write it like "30s"`,
          2,
        );
      if ((to - from) / step > 1_000_000)
        throw new CliError('more than 1,000,000 steps; use a larger --step', 2);
      const { rules, problems } = checkRuleFiles(opts.rules);
      if (problems.length) {
        for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
        throw new CliError('fix the rule files first (see `claude-zen rules check`)');
      }

      let backend: import('@claude-zen/controller').QueryBackend;
      let close = () => {};
      if (opts.prometheusUrl) {
        let basicAuth: { username: string; password: string } | undefined;
        if (opts.basicAuth) {
          const i = opts.basicAuth.indexOf(':');
          if (i <= 0) throw new CliError('--basic-auth: write it as user:password', 2);
          basicAuth = { username: opts.basicAuth.slice(0, i), password: opts.basicAuth.slice(i + 1) };
        }
        try {
          backend = new controller.PrometheusHttpBackend({
            url: opts.prometheusUrl,
            bearerToken: opts.bearerToken,
            basicAuth,
          });
        } catch (e) {
          throw new CliError((e as Error).message, 2);
        }
      } else {
        const dir = opts.data as string;
        if (!existsSync(dir))
          throw new CliError(`--data ${dir}: no such folder; give the store's data folder`, 2);
        const { openDB, PromQLEngine } = await import('@claude-zen/tsdb');
        let db: import('@claude-zen/tsdb').DB;
        try {
          db = openDB(dir, { log: () => {}, persistOnCommit: false });
        } catch (e) {
          const err = e as Error & { code?: string };
          if (err.code === 'locked')
            throw new CliError(
              `${err.message}; while the store is in use, query its API instead with --prometheus-url http://127.0.0.1:<port>`,
            );
          throw e;
        }
        close = () => db.close();
        backend = new controller.EmbeddedBackend({ queryable: db, engine: new PromQLEngine() });
      }

      const manager = new controller.RuleManager({ backend, rules });
      const failures = new Map<string, string>();
      let fatal: string | undefined;
      manager.on(
        'error-evaluating',
        ({ rule, error }: { rule: string; error: Error & { code?: string } }) => {
          if (!failures.has(rule)) process.stderr.write(`claude-zen: rule "${rule}": ${error.message}\n`);
          failures.set(rule, error.message);
          // Without a backend, every further step would fail the same way.
          if (error.code === 'unreachable' || error.code === 'unauthorized') fatal = error.code;
        },
      );
      let changes = 0;
      let steps = 0;
      try {
        for (let t = from; t <= to; t += step) {
          steps++;
          const stepChanges = await manager.evaluate(t);
          if (fatal)
            throw new CliError(`backtest stopped at ${new Date(t).toISOString()}: the backend is ${fatal}`);
          for (const c of stepChanges) {
            changes++;
            process.stdout.write(
              `${JSON.stringify({ time: new Date(c.at).toISOString(), ...c, activeAt: c.activeAt === null ? null : new Date(c.activeAt).toISOString() })}\n`,
            );
          }
        }
      } finally {
        close();
      }
      process.stderr.write(
        `backtest: ${rules.length} rules × ${steps} steps, ${changes} state changes${failures.size ? `, ${failures.size} rules failed to evaluate` : ''}\n`,
      );
      if (failures.size)
        throw new CliError(
          `evaluation failed for ${[...failures.keys()].join(', ')}; the output is incomplete`,
        );
    });
}
