import { Argument, type Command } from 'commander';
import { colorsFor, print, styles } from '../output/format.js';
import { renderHealth } from '../output/health.js';
import { withProgress } from '../output/progress.js';
import { controllerClient, type RemoteOptions, withRemoteOptions } from '../remote/options.js';

export const HEALTH_COMPONENTS = ['system', 'cpu', 'memory', 'swarm', 'api', 'neural'];

interface HealthOptions extends RemoteOptions {
  detailed?: boolean;
}

/** `claude-zen monitor health [component] [--detailed]`: GET /api/health[/:component]. */
export function registerMonitorHealthCommand(monitor: Command): void {
  const cmd = monitor
    .command('health')
    .description("the controller's health score and its components (GET /api/health[/:component])")
    .addArgument(new Argument('[component]', 'one component only').choices(HEALTH_COMPONENTS))
    .option('--detailed', "also list each component's metrics and related alerts");
  withRemoteOptions(cmd).action(async (component: string | undefined, opts: HealthOptions) => {
    const client = controllerClient(opts);
    const path = component ? `/api/health/${component}` : '/api/health';
    const body = await withProgress('asking the controller', client.get(path), opts.json);
    print(opts.json, body, () =>
      renderHealth(body, styles(colorsFor(process.stdout)), { component, detailed: opts.detailed }),
    );
  });
}
