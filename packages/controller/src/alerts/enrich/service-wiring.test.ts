/**
 * The controller with the embedded store scraping a real local /metrics endpoint: a firing alert
 * is enriched (root causes on /api/alerts) and the anomaly gauges are on /metrics.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from '../../../../../test/support/binaries.js';
import { waitFor } from '../../../../../test/support/wait.js';
import { ControllerService } from '../../monitor/service.js';
import type { EnrichedAlert } from './types.js';

describe('ControllerService alert enrichment', () => {
  let dir: string;
  let exporter: Server;
  let service: ControllerService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'controller-enrich-'));
    const rulesFile = join(dir, 'rules.yml');
    writeFileSync(
      rulesFile,
      [
        'interval: 1s',
        'rules:',
        '  - name: demo-high',
        '    query: demo_value',
        '    type: threshold',
        '    params: { warning: 0.5, critical: 2, direction: above }',
        '    annotations: { summary: "demo value high", description: "demo_value above 0.5" }',
      ].join('\n'),
    );
    exporter = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        [
          '# TYPE demo_value gauge',
          'demo_value 1',
          '# TYPE claude_zen_swarm_coordination_latency_seconds gauge',
          'claude_zen_swarm_coordination_latency_seconds{swarm_id="s1"} 0.35',
          '',
        ].join('\n'),
      );
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
    const port = (exporter.address() as { port: number }).port;
    service = new ControllerService({
      dataDir: join(dir, 'data'),
      defaultRules: false,
      ruleFiles: [rulesFile],
      scrapeTargets: [`127.0.0.1:${port}`],
      scrapeIntervalMs: 200,
      evaluationTickMs: 200,
      optimization: { mode: 'off' },
      http: { port: 0 },
    });
    await service.start();
  }, 30_000);

  afterAll(async () => {
    await service?.stop();
    await new Promise<void>((r) => (exporter ? exporter.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/alerts carries root causes of the firing alert; /metrics has claude_zen_anomaly_score', async () => {
    const enriched = await waitFor(
      'the firing alert to be enriched',
      async () => {
        const body = (await (await fetch(`${service.url}/api/alerts`)).json()) as {
          enriched: EnrichedAlert[];
        };
        return body.enriched[0];
      },
      20_000,
    );
    expect(enriched).toMatchObject({
      rule: 'demo-high',
      title: 'demo value high',
      description: 'demo_value above 0.5',
      value: 1,
      severity: 'warning',
      status: 'active',
    });
    expect(enriched.rootCauses[0]).toMatchObject({
      cause: 'High swarm coordination overhead',
      evidence: 'Coordination latency: 350ms (above 200ms)',
      source: 'known',
    });
    expect(enriched.context?.baseline).toBe(1);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^claude_zen_anomaly_score\{rule="demo-high"[^}]*\} [0-9.]+$/m);
    expect(metrics).toMatch(/^claude_zen_anomaly_upper\{rule="demo-high"[^}]*\} /m);
    const promtool = findBinary('promtool');
    if (promtool)
      expect(execFileSync(promtool, ['check', 'metrics'], { input: metrics, encoding: 'utf8' })).toBe('');
  }, 30_000);
});
