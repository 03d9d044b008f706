import { type Command, Option } from 'commander';
import { ControllerClient } from './controller-client.js';

export const DEFAULT_CONTROLLER_URL = 'http://127.0.0.1:3456';

/** Options every command that talks to the controller accepts. */
export interface RemoteOptions {
  url: string;
  token?: string;
  json?: boolean;
}

/** Adds `--url` (env CLAUDE_ZEN_URL), `--json`, and for mutating commands `--token` (env CLAUDE_ZEN_TOKEN). */
export function withRemoteOptions(cmd: Command, o: { mutating?: boolean; json?: boolean } = {}): Command {
  cmd.addOption(
    new Option('--url <url>', 'the controller (claude-zen monitor start)')
      .env('CLAUDE_ZEN_URL')
      .default(DEFAULT_CONTROLLER_URL),
  );
  if (o.mutating)
    cmd.addOption(
      new Option('--token <token>', "the controller's bearer token (its --token)").env('CLAUDE_ZEN_TOKEN'),
    );
  if (o.json !== false) cmd.option('--json', 'print the answer as JSON (for scripts)');
  return cmd;
}

export function controllerClient(opts: RemoteOptions): ControllerClient {
  // an empty CLAUDE_ZEN_URL / CLAUDE_ZEN_TOKEN counts as unset
  return new ControllerClient({ url: opts.url || DEFAULT_CONTROLLER_URL, token: opts.token || undefined });
}
