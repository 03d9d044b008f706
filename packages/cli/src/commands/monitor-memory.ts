import { type Command, Option } from 'commander';
import { CliError } from '../errors.js';
import { renderAnalysis } from '../output/analysis.js';
import { bytes, colorsFor, num, print, styles } from '../output/format.js';
import { withProgress } from '../output/progress.js';
import { downloadHeapSnapshot } from '../remote/heap-snapshot.js';
import { controllerClient, type RemoteOptions, withRemoteOptions } from '../remote/options.js';
import { checkTimeframe } from './monitor-analyze.js';

interface MemoryOptions extends RemoteOptions {
  leakDetection?: boolean;
  profile?: boolean;
  target?: string;
  controlToken?: string;
  output?: string;
  timeframe: string;
  detailed?: boolean;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * A leak verdict from the memory analysis and the memory component's metrics (GET
 * /api/health/memory): the preload's leak signal, a steady heap trend, memory alerts. Growth of the
 * heap after GC alone (a warming cache) is reported but is not enough.
 */
export function leakVerdict(
  analysis: unknown,
  metrics: unknown = {},
): { suspected: boolean; reasons: string[] } {
  const a = obj(analysis);
  const m = obj(metrics);
  const trend = obj(a.trend);
  const reasons: string[] = [];
  let suspected = false;
  if (m.leakSuspected === true) {
    reasons.push('the @claude-zen/otel leak signal is up (heap after GC keeps growing)');
    suspected = true;
  }
  const perHour = trend.perHour;
  const r2 = trend.r2;
  if (typeof perHour === 'number' && perHour > 0 && typeof r2 === 'number' && r2 >= 0.8) {
    reasons.push(`steady growth over the timeframe (${bytes(perHour, true)}/h, r² ${num(r2, 2)})`);
    suspected = true;
  }
  const anomalies = Array.isArray(a.anomalies) ? (a.anomalies as Obj[]) : [];
  for (const x of anomalies)
    if (/leak|heap|memory/i.test(String(x.rule ?? '')) && x.status !== 'resolved') {
      reasons.push(`alert ${String(x.rule)} is ${String(x.status ?? 'active')}`);
      suspected = true;
    }
  const growth = m.heapGrowthBytesPerSecond;
  if (typeof growth === 'number' && growth > 0) reasons.push(`heap after GC grows ${bytes(growth, true)}/s`);
  return { suspected, reasons };
}

/** `claude-zen monitor memory [--leak-detection] [--profile]`: heap trend, leak verdict, heap snapshot. */
export function registerMonitorMemoryCommand(monitor: Command): void {
  const cmd = monitor
    .command('memory')
    .description(
      'heap trend of the monitored processes (GET /api/analyze/memory); --leak-detection adds a verdict, --profile saves a heap snapshot from a target',
    )
    .option('--leak-detection', 'say whether a leak is suspected, and why')
    .option('--profile', "save a heap snapshot of the target's process (needs --target and --control-token)")
    .option('--target <url>', "the target's control endpoint, e.g. http://127.0.0.1:9465 (with --profile)")
    .addOption(
      new Option('--control-token <token>', "the target's control token (with --profile)").env(
        'CLAUDE_ZEN_CONTROL_TOKEN',
      ),
    )
    .option('--output <file>', 'where --profile saves the snapshot (default heap-<time>.heapsnapshot)')
    .option('--timeframe <duration>', 'how far back to look: 15m, 1h, 6h, 24h', '1h')
    .option('--detailed', 'every field of the analysis');
  withRemoteOptions(cmd).action(async (opts: MemoryOptions) => {
    const timeframe = checkTimeframe(opts.timeframe);
    if (opts.profile && !opts.target)
      throw new CliError(
        '--profile needs --target http://host:<control port> (the service’s CLAUDE_ZEN_CONTROL_PORT)',
        2,
      );
    if (opts.profile && !opts.controlToken)
      throw new CliError(
        '--profile needs --control-token <token> or CLAUDE_ZEN_CONTROL_TOKEN (the service’s token)',
        2,
      );
    if (!opts.profile && (opts.target || opts.output))
      throw new CliError(`${opts.target ? '--target' : '--output'} is for --profile; add --profile`, 2);
    const client = controllerClient(opts);
    const [analysis, component] = await withProgress(
      'reading the heap trend',
      Promise.all([
        client.get('/api/analyze/memory', { timeframe }),
        opts.leakDetection ? client.get<{ metrics?: unknown }>('/api/health/memory') : undefined,
      ]),
      opts.json,
    );
    const leak = opts.leakDetection ? leakVerdict(analysis, component?.metrics) : undefined;
    let profile: { path: string; bytes: number } | undefined;
    if (opts.profile) {
      const output = opts.output ?? `heap-${new Date().toISOString().replace(/[:.]/g, '-')}.heapsnapshot`;
      profile = await withProgress(
        'writing a heap snapshot on the target',
        downloadHeapSnapshot({ target: opts.target as string, token: opts.controlToken as string, output }),
        opts.json,
      );
    }
    print(opts.json, { analysis, ...(leak ? { leak } : {}), ...(profile ? { profile } : {}) }, () => {
      const s = styles(colorsFor(process.stdout));
      const lines = renderAnalysis(analysis, s, opts.detailed);
      if (leak) {
        lines.push(
          `${s.bold('leak')}        ${leak.suspected ? s.red('suspected') : s.green('not suspected')}`,
          ...leak.reasons.map((r) => `    - ${r}`),
        );
      }
      if (profile)
        lines.push(
          `${s.bold('heap snapshot')} ${profile.path} (${bytes(profile.bytes)}): open it in Chrome DevTools › Memory`,
        );
      return lines;
    });
  });
}
