import { readFileSync } from 'node:fs';
import type { QueryResult } from '@claude-zen/tsdb';
import type { Command } from 'commander';
import { CliError } from '../errors.js';

async function printResult(r: QueryResult): Promise<void> {
  const { formatLabels, formatValue } = await import('@claude-zen/tsdb');
  const out: string[] = [];
  const at = (t: number) => new Date(t).toISOString();
  switch (r.resultType) {
    case 'vector':
      for (const s of r.result)
        out.push(`${formatLabels(s.metric)} => ${formatValue(s.point.v)} @ ${at(s.point.t)}`);
      if (r.result.length === 0) out.push('(empty vector)');
      break;
    case 'matrix':
      for (const s of r.result) {
        out.push(formatLabels(s.metric));
        for (const p of s.points) out.push(`  ${formatValue(p.v)} @ ${at(p.t)}`);
      }
      if (r.result.length === 0) out.push('(empty matrix)');
      break;
    case 'scalar':
      out.push(`scalar ${formatValue(r.result.v)} @ ${at(r.result.t)}`);
      break;
    case 'string':
      out.push(`string ${JSON.stringify(r.result.v)} @ ${at(r.result.t)}`);
      break;
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `claude-zen promql test|query`. */
export function registerPromqlCommands(program: Command): void {
  const promql = program.command('promql').description('PromQL: run conformance scripts and queries');

  promql
    .command('test')
    .description('run Prometheus promqltest scripts (load / clear / eval) against the embedded engine')
    .argument('<files...>', 'test scripts (*.test)')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], opts: { json?: boolean }) => {
      // Loaded here, not at start-up: --help and usage errors stay instant.
      const { Head, runScript } = await import('@claude-zen/tsdb');
      let failed = 0;
      const results = files.map((file) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new CliError(`${file}: cannot read the test script; check the path`);
        }
        const r = runScript(text, () => new Head());
        failed += r.failed;
        return { file, ...r };
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(results)}\n`);
      else {
        for (const r of results) {
          process.stdout.write(
            `${r.file}: passed ${r.passed}, failed ${r.failed}, unsupported ${r.unsupported}\n`,
          );
          for (const f of r.failures)
            process.stdout.write(`  FAIL line ${f.line}: ${f.expr}\n    ${f.message}\n`);
          for (const u of r.unsupportedList)
            process.stdout.write(`  unsupported line ${u.line}: ${u.reason}\n`);
        }
        if (results.length > 1) {
          const sum = (k: 'passed' | 'failed' | 'unsupported') => results.reduce((a, r) => a + r[k], 0);
          process.stdout.write(
            `total: passed ${sum('passed')}, failed ${sum('failed')}, unsupported ${sum('unsupported')}\n`,
          );
        }
      }
      if (failed > 0) process.exitCode = 1;
    });

  promql
    .command('query')
    .description('evaluate an instant query over a data folder')
    .requiredOption('--data <dir>', 'data folder of the store')
    .argument('<expr>', 'PromQL expression')
    .option('--time <time>', 'evaluation time: RFC 3339 or unix seconds (default: now)')
    .option('--json', 'print the Prometheus API JSON (data part)')
    .action(async (expr: string, opts: { data: string; time?: string; json?: boolean }) => {
      const { encodeQueryResult, openDB, PromQLEngine, parseTimeParam } = await import('@claude-zen/tsdb');
      let time: number;
      try {
        time = parseTimeParam('time', opts.time, Date.now());
      } catch {
        throw new CliError(
          `--time ${JSON.stringify(opts.time)} is not a time; give RFC 3339 or unix seconds`,
          2,
        );
      }
      const db = openDB(opts.data, { log: () => {} });
      try {
        const result = new PromQLEngine().instantQuery(db, expr, time);
        if (opts.json) process.stdout.write(`${JSON.stringify(encodeQueryResult(result))}\n`);
        else await printResult(result);
      } finally {
        db.close();
      }
    });
}
