import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../errors.js';

interface DetectOptions {
  input: string;
  detector: string;
  param: string[];
  output: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseParams(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new CliError(`--param ${JSON.stringify(pair)}: expected key=value, e.g. --param window=500`, 2);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file; check the --input path`);
    if (code === 'EISDIR') throw new CliError(`${file} is a folder; give a timestamp,value CSV file`);
    throw new CliError(`${file}: cannot read (${code ?? 'error'}); check the file's permissions`);
  }
}

/** `claude-zen detect`: one detector in streaming order over a CSV, one verdict per row. */
export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description(
      'run an anomaly detector row by row over a timestamp,value CSV (NAB format) and print each verdict',
    )
    .requiredOption('--input <file>', 'CSV with a header line and timestamp,value rows ("-" reads stdin)')
    .option('--detector <name>', 'detector name (see the error for the list)', 'default')
    .option('--param <key=value>', 'detector parameter, repeatable (e.g. --param window=500)', collect, [])
    .option('--output <format>', 'json or csv', 'csv')
    .action(async (opts: DetectOptions) => {
      if (opts.output !== 'json' && opts.output !== 'csv')
        throw new CliError(`--output ${JSON.stringify(opts.output)}: choose json or csv`, 2);
      // Loaded here, not at start-up: --help and usage errors stay instant.
      const { DetectError, getDetector, parseSeriesCsv } = await import('@claude-zen/controller');
      const params = parseParams(opts.param);
      let update: (t: number, v: number) => import('@claude-zen/controller').StreamingResult;
      try {
        const detector = getDetector(opts.detector);
        const streaming = detector.createStreaming(detector.resolve(params));
        update = (t, v) => streaming.update(t, v);
      } catch (e) {
        if (e instanceof DetectError) throw new CliError(e.message, 2);
        throw e;
      }
      const text = readInput(opts.input);
      let samples: ReturnType<typeof parseSeriesCsv>;
      try {
        samples = parseSeriesCsv(text, opts.input === '-' ? 'stdin' : opts.input);
      } catch (e) {
        if (e instanceof DetectError) throw new CliError(e.message, 1);
        throw e;
      }
      // A reader that stops early (`| head`) is not an error.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(0);
        throw e;
      });
      const json = opts.output === 'json';
      let buf: string[] = [json ? '[' : 'timestamp,value,score,expected,lower,upper,severity,detection'];
      const flush = () => {
        process.stdout.write(`${buf.join('\n')}\n`);
        buf = [];
      };
      let detections = 0;
      samples.forEach((s, i) => {
        const r = update(s.t, s.v);
        if (r.detection) detections++;
        const timestamp = new Date(s.t).toISOString();
        if (json) {
          const row = {
            timestamp,
            value: s.v,
            score: r.score,
            detection: r.detection,
            severity: r.severity,
            expected: r.expected,
            lower: r.lower,
            upper: r.upper,
            evidence: r.evidence,
          };
          buf.push(`${JSON.stringify(row)}${i < samples.length - 1 ? ',' : ''}`);
        } else
          buf.push(
            `${timestamp},${s.v},${r.score},${r.expected},${r.lower},${r.upper},${r.severity},${r.detection}`,
          );
        if (buf.length >= 2048) flush();
      });
      if (json) buf.push(']');
      flush();
      if (process.stderr.isTTY) process.stderr.write(`${samples.length} rows, ${detections} detections\n`);
    });
}
