import { Argument, type Command } from 'commander';
import { CliError } from '../errors.js';
import { renderAnalysis } from '../output/analysis.js';
import { colorsFor, print, styles } from '../output/format.js';
import { withProgress } from '../output/progress.js';
import { controllerClient, type RemoteOptions, withRemoteOptions } from '../remote/options.js';

export const ANALYZE_AREAS = ['cpu', 'memory', 'api', 'swarm', 'neural'];

export interface AnalyzeOptions extends RemoteOptions {
  detailed?: boolean;
  timeframe: string;
}

/** `--timeframe` as the API takes it (15m, 1h, 6h, 24h, 7d …); a usage error otherwise. */
export function checkTimeframe(text: string): string {
  if (!/^[1-9]\d*(s|m|h|d|w)$/.test(text))
    throw new CliError(`--timeframe ${JSON.stringify(text)}: write a duration like 15m, 1h, 6h or 24h`, 2);
  return text;
}

/** GET /api/analyze/:area and print it; shared by monitor analyze, swarm analyze and api analyze. */
export async function runAnalyze(area: string, opts: AnalyzeOptions): Promise<unknown> {
  const timeframe = checkTimeframe(opts.timeframe);
  const body = await withProgress(
    `analysing ${area} over ${timeframe}`,
    controllerClient(opts).get(`/api/analyze/${area}`, { timeframe }),
    opts.json,
  );
  print(opts.json, body, () => renderAnalysis(body, styles(colorsFor(process.stdout)), opts.detailed));
  return body;
}

/** Adds --detailed and --timeframe (and the remote options) to an analyze command. */
export function withAnalyzeOptions(cmd: Command): Command {
  cmd
    .option('--detailed', 'every field of the analysis, all anomalies and recommendation steps')
    .option('--timeframe <duration>', 'how far back to look: 15m, 1h, 6h, 24h', '1h');
  return withRemoteOptions(cmd);
}

/** `claude-zen monitor analyze <area>`: GET /api/analyze/:area. */
export function registerMonitorAnalyzeCommand(monitor: Command): void {
  const cmd = monitor
    .command('analyze')
    .description(
      'analyse one area over a timeframe: current vs baseline, trend, anomalies, recommendations, 30-min prediction (GET /api/analyze/:area)',
    )
    .addArgument(new Argument('<area>', 'what to analyse').choices(ANALYZE_AREAS));
  withAnalyzeOptions(cmd).action(async (area: string, opts: AnalyzeOptions) => {
    await runAnalyze(area, opts);
  });
}
