import { Argument, type Command } from 'commander';
import { print, tree } from '../output/format.js';
import { withProgress } from '../output/progress.js';
import { controllerClient, type RemoteOptions, withRemoteOptions } from '../remote/options.js';

export const DEMO_FAULTS = ['leak', 'cpu', 'latency', 'slow-inference', 'errors'];

interface FaultOptions extends RemoteOptions {
  off?: boolean;
}

/** `claude-zen demo fault <name> [--off]` and `demo faults`: the demo service's faults, through the controller. */
export function registerDemoCommands(program: Command): void {
  const demo = program
    .command('demo')
    .description('the demo stack (npm run demo): inject faults and watch the loop');
  withRemoteOptions(
    demo
      .command('fault')
      .description(
        'turn a real fault on (or off with --off) in the demo service, through the controller (POST /api/demo/faults/:name)',
      )
      .addArgument(new Argument('<name>', 'which fault').choices(DEMO_FAULTS))
      .option('--off', 'turn the fault off'),
    { mutating: true },
  ).action(async (name: string, opts: FaultOptions) => {
    const enabled = !opts.off;
    const body = await withProgress(
      `${enabled ? 'injecting' : 'clearing'} ${name}`,
      controllerClient(opts).post(`/api/demo/faults/${name}`, { enabled }),
      opts.json,
    );
    print(opts.json, body, () => [
      `fault ${name} ${enabled ? 'on' : 'off'}${enabled ? ': watch `claude-zen monitor dashboard` for the alert and the optimization' : ''}`,
    ]);
  });
  withRemoteOptions(
    demo
      .command('faults')
      .description("the demo service's faults and whether each is on (GET /api/demo/faults)"),
  ).action(async (opts: RemoteOptions) => {
    const body = await withProgress(
      'asking the controller',
      controllerClient(opts).get('/api/demo/faults'),
      opts.json,
    );
    print(opts.json, body, () => {
      const faults = (body as { faults?: unknown })?.faults;
      if (!Array.isArray(faults)) return tree(body);
      return faults.map((f: { name?: string; enabled?: boolean; description?: string }) =>
        `${String(f.name).padEnd(15)} ${f.enabled ? 'on ' : 'off'}  ${f.description ?? ''}`.trimEnd(),
      );
    });
  });
}
