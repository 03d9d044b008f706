import { createReadStream, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DB } from '@claude-zen/tsdb';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { parseListenAddress } from './listen-address.js';

function requireFile(file: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch {
    throw new CliError(`${file}: no such file; check the path of the OpenMetrics file`);
  }
  if (!st.isFile()) throw new CliError(`${file} is not a file; give an OpenMetrics (.om) file`);
}

/** `claude-zen tsdb import|serve`. */
export function registerTsdbCommands(program: Command): void {
  const tsdb = program.command('tsdb').description('the embedded Prometheus-compatible metrics store');

  tsdb
    .command('import')
    .description(
      'stream an OpenMetrics backfill file (timestamps in seconds, ending with # EOF) into a data folder',
    )
    .requiredOption('--data <dir>', 'data folder of the store (created if missing)')
    .argument(
      '<file>',
      'OpenMetrics file, as promtool tsdb create-blocks-from openmetrics takes ("-" reads stdin)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { data: string; json?: boolean }) => {
      if (file !== '-') requireFile(file);
      // Loaded here, not at start-up: --help and usage errors stay instant.
      const { importOpenMetrics, openDB } = await import('@claude-zen/tsdb');
      const db = openDB(opts.data, { log: () => {} });
      // Backfill goes straight to blocks (like promtool): old data, grouped by series, bounded memory.
      const blocks = db.importer();
      const progress = process.stderr.isTTY;
      let lastPrint = Date.now();
      try {
        const report = await importOpenMetrics(
          file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 }),
          blocks,
          {
            onProgress: (samples, line) => {
              if (progress && Date.now() - lastPrint > 1000) {
                lastPrint = Date.now();
                process.stderr.write(`\rimporting: ${samples} samples, line ${line}`);
              }
            },
          },
        );
        if (progress) process.stderr.write('\r\x1b[K');
        blocks.finish();
        if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          const span =
            report.minTimeMs === undefined
              ? ''
              : ` from ${new Date(report.minTimeMs).toISOString()} to ${new Date(report.maxTimeMs ?? 0).toISOString()}`;
          process.stdout.write(
            `imported ${report.samples} samples of ${report.series} series${span} into ${opts.data}\n`,
          );
          for (const e of report.errors) process.stdout.write(`  line ${e.line}: ${e.message}\n`);
          if (report.errorCount > report.errors.length) {
            process.stdout.write(`  ... and ${report.errorCount - report.errors.length} more errors\n`);
          }
        }
        if (report.errorCount > 0) {
          throw new CliError(
            `${report.errorCount} line(s) of ${file} could not be imported (see above); fix them and import again`,
          );
        }
      } finally {
        db.close();
      }
    });

  tsdb
    .command('serve')
    .description(
      'serve the Prometheus HTTP API v1 over a data folder, scraping the targets of --config when given',
    )
    .requiredOption('--data <dir>', 'data folder of the store')
    .option(
      '--config <file>',
      'Prometheus-style scrape config (scrape_configs: ...) to scrape into the store',
    )
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:9090')
    .option(
      '--import-token <token>',
      'enable POST /api/v1/import/openmetrics with this bearer token (default: $CLAUDE_ZEN_IMPORT_TOKEN; off when unset)',
    )
    .action(async (opts: { data: string; listen: string; importToken?: string; config?: string }) => {
      const { host, port } = parseListenAddress(opts.listen);
      const { createApiServer, listenApiServer, loadScrapeConfigFile, openDB, PromQLEngine, ScrapeManager } =
        await import('@claude-zen/tsdb');
      // read the config before taking the data folder, so a bad file fails fast and cleanly
      const scrapeConfig = opts.config ? loadScrapeConfigFile(opts.config) : undefined;
      const db: DB = openDB(opts.data, { log: (line) => process.stderr.write(`${line}\n`) });
      const scraper = scrapeConfig
        ? new ScrapeManager({
            appendable: db,
            config: scrapeConfig,
            baseDir: dirname(opts.config ?? '.'),
            onDiscoveryError: (job, file, message) =>
              process.stderr.write(
                `scrape job ${job}: ${file}: ${message} (keeping the last good targets)\n`,
              ),
          })
        : undefined;
      const importToken = opts.importToken ?? process.env.CLAUDE_ZEN_IMPORT_TOKEN ?? undefined;
      const app = createApiServer({
        queryable: db,
        engine: new PromQLEngine(),
        targets: scraper,
        importToken,
        openImport: () => {
          const blocks = db.importer();
          return { appendable: blocks, finish: () => void blocks.finish() };
        },
      });
      try {
        const url = await listenApiServer(app, { host, port });
        db.start();
        await scraper?.start();
        const scraping = scrapeConfig
          ? `, scraping ${scrapeConfig.jobs.length} job(s) of ${opts.config}`
          : '';
        process.stdout.write(`serving the Prometheus API on ${url} over ${opts.data}${scraping}\n`);
        if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
          process.stderr.write(
            `warning: listening on ${host}, reachable from other machines; the query API has no authentication\n`,
          );
        }
      } catch (e) {
        await app.close().catch(() => {});
        db.close();
        throw e;
      }
      await new Promise<void>((resolve) => {
        const shutdown = () => {
          process.off('SIGINT', shutdown);
          process.off('SIGTERM', shutdown);
          Promise.resolve(scraper?.stop())
            .then(() => app.close())
            .catch(() => {})
            .finally(() => {
              db.stop();
              db.close();
              resolve();
            });
        };
        process.on('SIGINT', shutdown);
        process.on('SIGTERM', shutdown);
      });
    });
}
