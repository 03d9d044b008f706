import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DB, importOpenMetrics, openDB, PromQLEngine } from '@claude-zen/tsdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertStateChange } from '../alerts/state/types.js';
import { EmbeddedBackend } from '../query/embedded.js';
import { parseRuleText } from './loader.js';
import { EvaluationLoop } from './loop.js';
import { RuleManager } from './manager.js';

const T0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

describe('EvaluationLoop', () => {
  let dir = '';
  let db: DB;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'czm-loop-'));
    db = openDB(join(dir, 'data'), { log: () => {} });
    const lines = ['# TYPE temp gauge'];
    for (let i = 0; i < 40; i++)
      lines.push(`temp{room="a"} ${i < 30 ? 20 : 90} ${(T0 + 2_500 + i * 15_000) / 1000}`);
    await importOpenMetrics([`${lines.join('\n')}\n# EOF\n`], db);
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates each rule once per interval on its clock, emits changes, and stops', async () => {
    const { rules } = parseRuleText(
      `rules:
  - { name: hot, query: temp, type: threshold, params: { warning: 50 }, interval: 30s }
  - { name: hotter, query: temp, type: threshold, params: { warning: 80 }, interval: 1m }
`,
      'loop.yml',
    );
    const manager = new RuleManager({
      backend: new EmbeddedBackend({ queryable: db, engine: new PromQLEngine() }),
      rules,
    });
    const seen: AlertStateChange[] = [];
    manager.on('change', (c) => seen.push(c));
    let now = T0 + 8 * 60_000;
    const loop = new EvaluationLoop(manager, { tickMs: 10, now: () => now });
    loop.start();
    try {
      const evaluated = () => manager.status().rules.map((r) => r.lastEvaluatedAt);
      await waitUntil(() => evaluated().every((t) => t === now));
      expect(seen.map((c) => `${c.rule}:${c.to}`)).toEqual(['hot:firing', 'hotter:firing']);
      now += 30_000; // only "hot" is due again
      await waitUntil(() => evaluated()[0] === now);
      await new Promise((r) => setTimeout(r, 50));
      expect(evaluated()).toEqual([now, now - 30_000]);
    } finally {
      loop.stop();
    }
    const at = manager.status().rules.map((r) => r.lastEvaluatedAt);
    now += 120_000;
    await new Promise((r) => setTimeout(r, 50));
    expect(manager.status().rules.map((r) => r.lastEvaluatedAt)).toEqual(at); // stopped: nothing runs
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}
