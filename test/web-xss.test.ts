/**
 * Label values come from monitored processes and are untrusted. A process preloaded with
 * @claude-zen/otel exports a model and a backend named like markup
 * (`<img src=x onerror=window.__xss=1>`, `"><script>window.__xss=2</script>`); the controller
 * scrapes it and a rule fires on it. In a real headless Chromium, the overview (alert title and
 * label chips) and the neural page (chart legends) show those values as text: no element is
 * created from them and window.__xss stays undefined. The REST answers that carry them are JSON
 * (never text/html) and say nosniff.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerService } from '@claude-zen/controller';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from './support/binaries.js';
import { launchChromium } from './support/chromium.js';
import { scrapingController } from './support/controller-config.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const chromiumPath = findBinary('chromium');
const SHOTS = join(root, 'test-artifacts', 'screenshots');
const MODEL = '<img src=x onerror=window.__xss=1>';
const BACKEND = '"><script>window.__xss=2</script>';
const TOKEN = 'web-xss-test-token-0123456789';

let dir: string;
let probe: Child | undefined;
let controller: ControllerService | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!chromiumPath) return;
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'czm-web-xss-'));
  const [metricsPort, controlPort] = [await freePort(), await freePort()];
  probe = startChild(
    process.execPath,
    ['--require', '@claude-zen/otel', join(root, 'test/fixtures/hostile-labels.cjs')],
    {
      cwd: root,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'hostile-labels',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        CLAUDE_ZEN_CONTROL_PORT: String(controlPort),
        HOSTILE_MODEL: MODEL,
        HOSTILE_BACKEND: BACKEND,
      },
    },
  );
  await waitFor('the probe to start', () => {
    if (probe?.proc.exitCode !== null) throw new Error(`probe exited: ${probe?.output()}`);
    return probe.output().includes('hostile-labels ready') ? true : undefined;
  });
  const rulesFile = join(dir, 'rules.yml');
  writeFileSync(
    rulesFile,
    `
interval: 1s
rules:
  - name: hostile-probe
    query: 'sum by (instance, gen_ai_request_model, claude_zen_neural_backend) (rate(claude_zen_neural_inferences_total[5s]))'
    type: threshold
    params:
      warning: 0.5
      critical: 100000
      direction: above
    for: 0s
    labels:
      category: neural
    annotations:
      summary: "Model {{ $labels.gen_ai_request_model }} on {{ $labels.claude_zen_neural_backend }} is busy"
`,
  );
  controller = new ControllerService({
    ...scrapingController(dir, `127.0.0.1:${metricsPort}`, rulesFile),
    optimization: { mode: 'off' },
    http: { port: 0, token: TOKEN },
  });
  await controller.start();
  browser = await launchChromium(chromiumPath);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await controller?.stop();
  await probe?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!chromiumPath)('hostile label values on the dashboard', () => {
  it('the alert with hostile labels fires (the values reach the controller intact)', async () => {
    const alert = await waitFor(
      'the hostile-probe alert',
      () => controller?.activeAlerts().find((a) => a.state === 'firing'),
      30_000,
      250,
    );
    expect(alert.labels.gen_ai_request_model).toBe(MODEL);
    expect(alert.labels.claude_zen_neural_backend).toBe(BACKEND);
  }, 40_000);

  it('REST answers carrying them are JSON with nosniff, never HTML', async () => {
    const url = controller?.url as string;
    for (const path of ['/api/alerts', '/api/dashboard', `/api/health/${encodeURIComponent(MODEL)}`]) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      const text = await res.text();
      expect(() => JSON.parse(text), path).not.toThrow();
    }
    const alerts = await (await fetch(`${url}/api/alerts`)).text();
    expect(alerts).toContain(JSON.stringify(MODEL).slice(1, -1));
  });

  it('the overview and the neural page show them as text, and no script runs', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1440, height: 960 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${controller?.url}/dashboard#token=${TOKEN}`);
    await page.waitForSelector('[data-alert-rule="hostile-probe"]', { timeout: 20_000 });
    const row = page.locator('[data-alert-rule="hostile-probe"]').first();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(`Model ${MODEL} on ${BACKEND} is busy`);
    expect(text).toContain(`gen_ai_request_model="${MODEL}"`);
    await page.screenshot({ path: join(SHOTS, 'xss-overview.png'), fullPage: true });

    await page.click('.nav a[data-page="neural"]');
    await page.waitForSelector('body[data-ready="neural"]');
    await waitFor(
      'the inference charts to draw the hostile series',
      async () => {
        const legend = await page.$$eval('[data-chart="inferences"] .u-legend', (els) =>
          els.map((e) => e.textContent ?? '').join(' '),
        );
        return legend.includes(BACKEND) ? legend : undefined;
      },
      15_000,
      250,
    );
    await page.screenshot({ path: join(SHOTS, 'xss-neural.png'), fullPage: true });

    const result = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      imgs: document.querySelectorAll('img[src="x"], #page img').length,
      scripts: [...document.scripts].map((s) => s.src || s.textContent?.slice(0, 40)),
    }));
    expect(result.xss).toBeUndefined();
    expect(result.imgs).toBe(0);
    expect(
      result.scripts.every(
        (s) => typeof s === 'string' && /^http:\/\/[^/]+\/(assets|vendor|socket\.io)\//.test(s),
      ),
    ).toBe(true);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 40_000);
});
