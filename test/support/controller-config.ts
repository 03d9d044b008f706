import { join } from 'node:path';
import type { ControllerConfigInput } from '../../packages/controller/src/monitor/config.js';

/**
 * The config of a controller on the embedded store (data in `dir`/data) scraping `target` every
 * `scrapeIntervalMs`, with only the rules of `rulesFile`, evaluated every 250 ms. The caller adds
 * optimization and http.
 */
export function scrapingController(
  dir: string,
  target: string,
  rulesFile: string,
  scrapeIntervalMs = 1_000,
): ControllerConfigInput {
  return {
    storage: 'embedded',
    dataDir: join(dir, 'data'),
    scrapeTargets: [target],
    scrapeIntervalMs,
    defaultRules: false,
    ruleFiles: [rulesFile],
    evaluationTickMs: 250,
  };
}
