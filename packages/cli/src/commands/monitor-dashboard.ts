import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { renderDashboardFrame } from '../output/dashboard-frame.js';
import { colorsFor, print, styles } from '../output/format.js';
import { withProgress } from '../output/progress.js';
import { ControllerClient } from '../remote/controller-client.js';
import { type RemoteOptions, withRemoteOptions } from '../remote/options.js';

interface DashboardOptions extends RemoteOptions {
  web?: boolean;
  port: string;
  once?: boolean;
  refresh: string;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new CliError(`--${flag} ${JSON.stringify(text)}: give an integer from ${min} to ${max}`, 2);
  return n;
}

/** `--url`, or http://127.0.0.1:<--port> when --url was left at its default. */
function controllerUrl(opts: DashboardOptions, cmd: Command): string {
  const port = integer('port', opts.port, 1, 65535);
  const source = cmd.getOptionValueSource('url');
  return source === 'default' || source === undefined || !opts.url ? `http://127.0.0.1:${port}` : opts.url;
}

/** --web: checks the controller serves its dashboard and prints the address. */
async function checkWeb(client: ControllerClient, opts: DashboardOptions): Promise<void> {
  const url = client.href('/dashboard');
  let answer: Awaited<ReturnType<ControllerClient['raw']>>;
  try {
    answer = await withProgress('checking the web dashboard', client.raw('GET', '/dashboard'), opts.json);
  } catch (e) {
    if (!(e instanceof CliError) || !/connection refused/.test(e.message)) throw e;
    throw new CliError(
      `no dashboard at ${client.base.origin} (connection refused); start it with \`claude-zen web start --port ${client.base.port || 80}\``,
    );
  }
  if (
    answer.status !== 200 ||
    !answer.contentType.includes('text/html') ||
    !answer.text.includes('claude-zen')
  ) {
    const type = answer.contentType ? ` ${answer.contentType.split(';')[0]}` : '';
    throw new CliError(
      `${url} answered ${answer.status}${type}, not the dashboard page: is --url right, and the controller recent enough (update it)?`,
    );
  }
  print(opts.json, { url }, () => [`dashboard: ${url}`]);
}

/** The terminal dashboard: one frame (--once), or a screen refreshed until q or Ctrl-C. */
async function terminal(client: ControllerClient, opts: DashboardOptions): Promise<void> {
  const refreshMs = integer('refresh', opts.refresh, 200, 3_600_000);
  const fetchData = () => client.get<unknown>('/api/dashboard');
  let data = await withProgress('reading the dashboard', fetchData(), opts.json);
  const s = styles(colorsFor(process.stdout));
  const frame = (live: boolean, error?: string) =>
    renderDashboardFrame(data, s, {
      url: client.base.origin,
      at: Date.now(),
      live,
      error,
      width: process.stdout.columns || 120,
    });
  if (opts.once || opts.json) {
    print(opts.json, data, () => frame(false));
    return;
  }
  const tty = Boolean(process.stdout.isTTY);
  const stdin = process.stdin;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onKey = (key: Buffer) => {
    const k = key.toString();
    if (k === 'q' || k === 'Q' || k === '\u0003' || k === '\u001b') stop();
  };
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    stdin.on('data', onKey);
    stdin.resume();
  }
  // the alternate screen keeps the user's scrollback; the cursor is hidden while drawing
  if (tty) process.stdout.write('\x1b[?1049h\x1b[?25l');
  let error: string | undefined;
  try {
    let running = true;
    void stopped.then(() => {
      running = false;
    });
    while (running) {
      const lines = frame(true, error);
      process.stdout.write(tty ? `\x1b[H\x1b[2J${lines.join('\n')}\n` : `${lines.join('\n')}\n\n`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, refreshMs)))]);
      clearTimeout(timer);
      if (!running) break;
      try {
        data = await fetchData();
        error = undefined;
      } catch (e) {
        // keep showing the last data; say why it is stale
        error = `${(e as Error).message} (showing data of an earlier refresh)`;
      }
    }
  } finally {
    if (tty) process.stdout.write('\x1b[?25h\x1b[?1049l');
    if (stdin.isTTY) {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
    }
  }
}

/** `claude-zen monitor dashboard [--web]`. */
export function registerMonitorDashboardCommand(monitor: Command): void {
  const cmd = monitor
    .command('dashboard')
    .description(
      'a terminal dashboard refreshed from the controller (q or Ctrl-C quits); with --web, check the web dashboard and print its address',
    )
    .option(
      '--web',
      'check the web dashboard answers and print its URL (start it with `claude-zen web start`)',
    )
    .option('--port <port>', 'the controller port (when --url is not given)', '3456')
    .option('--once', 'print one frame and exit (for scripts)')
    .option('--refresh <ms>', 'time between refreshes, ms', '2000');
  withRemoteOptions(cmd).action(async (opts: DashboardOptions, self: Command) => {
    const client = new ControllerClient({ url: controllerUrl(opts, self) });
    if (opts.web) await checkWeb(client, opts);
    else await terminal(client, opts);
  });
}
