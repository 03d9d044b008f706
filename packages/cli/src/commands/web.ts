import type { Command } from 'commander';
import { CliError } from '../errors.js';

/**
 * `claude-zen web start`: the controller with its web dashboard. It is `monitor start` under another
 * name: the same options (copied from it, so --help lists them) and the same action, run by parsing
 * the given arguments with the `monitor start` command itself.
 */
export function registerWebCommands(program: Command): void {
  const monitorStart = program.commands
    .find((c) => c.name() === 'monitor')
    ?.commands.find((c) => c.name() === 'start');
  if (!monitorStart) throw new CliError('internal: `monitor start` must be registered before `web start`');
  const web = program
    .command('web')
    .description('the web dashboard (pages, REST API, Socket.IO) on the controller');
  const start = web
    .command('start')
    .description(
      'start the controller with its web dashboard on http://127.0.0.1:<port>/dashboard until Ctrl-C (the same as `claude-zen monitor start`, same options)',
    );
  for (const option of monitorStart.options) start.addOption(option);
  start.action(async (_opts: unknown, self: Command) => {
    const raw = process.argv.slice(2);
    const at = raw.indexOf('web');
    const from = raw.indexOf(self.name(), at + 1);
    await monitorStart.parseAsync(raw.slice(from + 1), { from: 'user' });
  });
}
