import type { Command } from 'commander';
import type { RemoteOptions } from '../remote/options.js';
import { type AnalyzeOptions, runAnalyze, withAnalyzeOptions } from './monitor-analyze.js';
import { runOptimize, withOptimizeOptions } from './optimize.js';

interface SwarmOptimizeOptions extends RemoteOptions {
  optimizeTopology?: boolean;
  rebalance?: boolean;
  target?: string;
  dryRun?: boolean;
}

/** `claude-zen swarm analyze|optimize`: the swarm area and the swarm actions of the network strategy. */
export function registerSwarmCommands(program: Command): void {
  const swarm = program.command('swarm').description('agent swarms: coordination, topology, load balance');
  withAnalyzeOptions(
    swarm
      .command('analyze')
      .description(
        'swarm efficiency, agent utilization, coordination latency, failures (GET /api/analyze/swarm)',
      ),
  ).action(async (opts: AnalyzeOptions) => {
    await runAnalyze('swarm', opts);
  });
  withOptimizeOptions(
    swarm
      .command('optimize')
      .description(
        'switch the topology and/or rebalance agents now (POST /api/optimize, network strategy); no flag = both',
      )
      .option('--optimize-topology', 'switch the swarm topology (switch-topology)')
      .option('--rebalance', 'rebalance agents across swarms (rebalance-agents)'),
  ).action(async (opts: SwarmOptimizeOptions) => {
    const actions: string[] = [];
    if (opts.optimizeTopology) actions.push('switch-topology');
    if (opts.rebalance) actions.push('rebalance-agents');
    await runOptimize(
      {
        strategy: 'network',
        actions: actions.length ? actions : ['switch-topology', 'rebalance-agents'],
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.dryRun ? { dryRun: true } : {}),
      },
      opts,
    );
  });
}
