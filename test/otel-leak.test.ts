/** The leak signal on a real process: a steadily leaking child is flagged, a quiet one is not. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
});

async function leakSignal(leak: boolean): Promise<{ suspected: number; growth: number }> {
  const metricsPort = await freePort();
  const child = startChild(
    process.execPath,
    ['--require', '@claude-zen/otel', join(root, 'test/fixtures/leaky-app.cjs')],
    {
      cwd: root,
      env: {
        ...process.env,
        LEAK: leak ? '1' : '0',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        CLAUDE_ZEN_COLLECTORS: 'memory',
        CLAUDE_ZEN_MEMORY_INTERVAL_MS: '100',
        CLAUDE_ZEN_LEAK_WINDOW_MS: '5000',
      },
    },
  );
  children.push(child);
  await waitFor('the app', () => (child.output().includes('listening') ? true : undefined));
  await new Promise((r) => setTimeout(r, 3500));
  const text = (await fetchText(`http://127.0.0.1:${metricsPort}/metrics`)) ?? '';
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    suspected: value('claude_zen_memory_leak_suspected'),
    growth: value('claude_zen_memory_heap_growth_bytes_per_second'),
  };
}

describe('leak signal', () => {
  it('flags a steadily growing heap and not a quiet one', async () => {
    const [leaky, quiet] = await Promise.all([leakSignal(true), leakSignal(false)]);
    expect(leaky.suspected).toBe(1);
    expect(leaky.growth).toBeGreaterThan(1e6); // ~12 MB/s retained
    expect(quiet.suspected).toBe(0);
  });
});
