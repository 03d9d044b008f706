import { Argument, type Command } from 'commander';
import { CliError } from '../errors.js';
import { renderDecisions } from '../output/decisions.js';
import { colorsFor, print, styles } from '../output/format.js';
import { withProgress } from '../output/progress.js';
import { controllerClient, type RemoteOptions, withRemoteOptions } from '../remote/options.js';

export const OPTIMIZE_STRATEGIES = ['cpu', 'memory', 'network', 'neural'];

export interface OptimizeRequest {
  strategy: string;
  actions?: string[];
  target?: string;
  dryRun?: boolean;
}

interface OptimizeOptions extends RemoteOptions {
  enableWasm?: boolean;
  optimizeTopology?: boolean;
  enablePooling?: boolean;
  gcAggressive?: boolean;
  action: string[];
  target?: string;
  dryRun?: boolean;
}

/** Which control-endpoint action each flag selects, by strategy (the strategy table's names). */
const FLAG_ACTIONS: Record<string, { flag: string; actions: Record<string, string> }> = {
  enableWasm: { flag: '--enable-wasm', actions: { cpu: 'enable-wasm', neural: 'enable-wasm' } },
  optimizeTopology: {
    flag: '--optimize-topology',
    actions: { cpu: 'switch-topology', network: 'switch-topology' },
  },
  enablePooling: {
    flag: '--enable-pooling',
    actions: { memory: 'memory-pooling', network: 'tune-http-agents' },
  },
  gcAggressive: { flag: '--gc-aggressive', actions: { memory: 'trigger-gc' } },
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * POST /api/optimize and print the decisions; shared by optimize, swarm optimize and api optimize.
 * The strategy's action list (from the controller package) checks `actions` before anything is sent.
 */
export async function runOptimize(request: OptimizeRequest, opts: RemoteOptions): Promise<unknown> {
  // the strategy table alone: loading the whole controller package costs about a second
  const { STRATEGIES } = await import('@claude-zen/controller/strategies');
  const strategy = STRATEGIES[request.strategy as keyof typeof STRATEGIES];
  const known = strategy.actions.map((a) => a.name);
  for (const a of request.actions ?? [])
    if (!known.includes(a))
      throw new CliError(
        `--action ${JSON.stringify(a)}: the ${request.strategy} strategy has ${known.join(', ')}`,
        2,
      );
  const body = await withProgress(
    `${request.dryRun ? 'planning' : 'running'} the ${request.strategy} strategy`,
    controllerClient(opts).post('/api/optimize', request, 120_000),
    opts.json,
  );
  print(opts.json, body, () => renderDecisions(body, styles(colorsFor(process.stdout))));
  return body;
}

/** Adds --target, --dry-run and the remote options (with --token) to an optimize command. */
export function withOptimizeOptions(cmd: Command): Command {
  cmd
    .option('--target <target>', 'only this target (host:port of its metrics, as in the alerts)')
    .option('--dry-run', 'say what would be done, change nothing');
  return withRemoteOptions(cmd, { mutating: true });
}

/** `claude-zen optimize <strategy>`: runs one optimization strategy now (POST /api/optimize). */
export function registerOptimizeCommand(program: Command): void {
  const cmd = program
    .command('optimize')
    .description(
      'run an optimization strategy now through the optimizer (its safety policy, cooldown and verification apply); flags choose the actions, none = all of the strategy',
    )
    .addArgument(new Argument('<strategy>', 'which strategy').choices(OPTIMIZE_STRATEGIES))
    .option('--enable-wasm', 'switch neural inference to the WASM backend (cpu, neural)')
    .option('--optimize-topology', 'switch the swarm topology (cpu, network)')
    .option('--enable-pooling', 'memory pooling (memory) or HTTP connection pooling (network)')
    .option('--gc-aggressive', 'run a full garbage collection (memory)')
    .option(
      '--action <name>',
      'any other action of the strategy, repeatable (e.g. batch-inference)',
      collect,
      [],
    );
  withOptimizeOptions(cmd).action(async (strategy: string, opts: OptimizeOptions) => {
    const actions = [...opts.action];
    for (const [key, { flag, actions: byStrategy }] of Object.entries(FLAG_ACTIONS)) {
      if (!opts[key as keyof OptimizeOptions]) continue;
      const action = byStrategy[strategy];
      if (!action)
        throw new CliError(
          `${flag} does not apply to ${strategy}; use it with ${Object.keys(byStrategy).join(' or ')}`,
          2,
        );
      if (!actions.includes(action)) actions.push(action);
    }
    await runOptimize(
      {
        strategy,
        ...(actions.length ? { actions } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.dryRun ? { dryRun: true } : {}),
      },
      opts,
    );
  });
}
