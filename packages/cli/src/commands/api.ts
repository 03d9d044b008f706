import type { Command } from 'commander';
import type { RemoteOptions } from '../remote/options.js';
import { type AnalyzeOptions, runAnalyze, withAnalyzeOptions } from './monitor-analyze.js';
import { runOptimize, withOptimizeOptions } from './optimize.js';

interface ApiOptimizeOptions extends RemoteOptions {
  target?: string;
  dryRun?: boolean;
}

/** `claude-zen api analyze|optimize`: the HTTP API area and connection pooling. */
export function registerApiCommands(program: Command): void {
  const api = program
    .command('api')
    .description("the monitored services' HTTP APIs: latency, throughput, errors");
  withAnalyzeOptions(
    api.command('analyze').description('API p95 latency, throughput, error rate (GET /api/analyze/api)'),
  ).action(async (opts: AnalyzeOptions) => {
    await runAnalyze('api', opts);
  });
  withOptimizeOptions(
    api
      .command('optimize')
      .description(
        'enable HTTP connection pooling now (POST /api/optimize, network strategy, tune-http-agents)',
      ),
  ).action(async (opts: ApiOptimizeOptions) => {
    await runOptimize(
      {
        strategy: 'network',
        actions: ['tune-http-agents'],
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.dryRun ? { dryRun: true } : {}),
      },
      opts,
    );
  });
}
