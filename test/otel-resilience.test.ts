/**
 * Instrumentation must never crash its host: a taken exporter port, a throwing manager and a
 * broken configuration each cost one clear log line, and the application keeps serving.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const children: Child[] = [];
let blocker: Server | undefined;

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  blocker = undefined;
});

async function startApp(env: Record<string, string>): Promise<{ child: Child; appUrl: string }> {
  const port = await freePort();
  const child = startChild(
    process.execPath,
    ['--require', '@claude-zen/otel', join(root, 'test/fixtures/otel-app.cjs')],
    {
      cwd: root,
      env: { ...process.env, PORT: String(port), ...env },
    },
  );
  children.push(child);
  await waitFor('the app to listen', () => (child.output().includes('listening') ? true : undefined));
  return { child, appUrl: `http://127.0.0.1:${port}` };
}

describe('the host application survives', () => {
  it('a metrics port that is already taken', async () => {
    const taken = await freePort();
    blocker = createServer().listen(taken, '127.0.0.1');
    await new Promise((r) => blocker!.once('listening', r));
    const { child, appUrl } = await startApp({ OTEL_EXPORTER_PROMETHEUS_PORT: String(taken) });
    expect(await fetchText(`${appUrl}/health`)).toBe('ok');
    await waitFor('the log line', () => (child.output().includes('could not listen') ? true : undefined));
    const lines = child
      .output()
      .split('\n')
      .filter((l) => l.includes('could not listen'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('EADDRINUSE');
    expect(lines[0]).toContain('OTEL_EXPORTER_PROMETHEUS_PORT');
    expect(child.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a registered manager that throws', async () => {
    const metricsPort = await freePort();
    const { child, appUrl } = await startApp({
      THROW_MANAGER: '1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      CLAUDE_ZEN_SWARM_INTERVAL_MS: '100',
      CLAUDE_ZEN_NEURAL_INTERVAL_MS: '100',
    });
    await fetch(`${appUrl}/tasks/1`);
    await new Promise((r) => setTimeout(r, 500));
    const text = await fetchText(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(text).toContain('claude_zen_swarm_tasks_total');
    expect(await fetchText(`${appUrl}/health`)).toBe('ok');
    const failures = child
      .output()
      .split('\n')
      .filter((l) => l.includes('manager exploded'));
    expect(failures).toHaveLength(2); // swarm and neural, once each despite many cycles
  });

  it('a broken configuration', async () => {
    const metricsPort = await freePort();
    const { child, appUrl } = await startApp({
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      CLAUDE_ZEN_COLLECTORS: 'system,gpu',
      CLAUDE_ZEN_API_INTERVAL_MS: 'fast',
    });
    expect(await fetchText(`${appUrl}/health`)).toBe('ok');
    expect(child.output()).toContain('CLAUDE_ZEN_COLLECTORS="system,gpu" is invalid');
    expect(child.output()).toContain('CLAUDE_ZEN_API_INTERVAL_MS="fast" is invalid: expected an integer');
    // defaults were used: metrics are served
    expect(await fetchText(`http://127.0.0.1:${metricsPort}/metrics`)).toContain(
      'http_server_request_duration',
    );
  });

  it('OTEL_SDK_DISABLED=true turns everything off', async () => {
    const metricsPort = await freePort();
    const { appUrl } = await startApp({
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_SDK_DISABLED: 'true',
    });
    expect(await fetchText(`${appUrl}/health`)).toBe('ok');
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});
