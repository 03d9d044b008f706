import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { type Child, startChild } from './processes.js';
import { fetchText, waitFor } from './wait.js';

/** A real Alertmanager started for a test on a given (or free) port with a temporary config. */
export interface AlertmanagerServer {
  url: string;
  child: Child;
  /** Alerts it holds (GET /api/v2/alerts). */
  alerts(): Promise<{ labels: Record<string, string>; status: { state: string } }[]>;
  stop(): Promise<void>;
}

/** The config of one route to a webhook receiver with a bearer token, grouping per alert name. */
export function webhookConfig(url: string, token: string): string {
  return [
    'route:',
    '  receiver: controller',
    "  group_by: ['alertname', 'instance']",
    '  group_wait: 1s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: controller',
    '    webhook_configs:',
    `      - url: ${url}`,
    '        send_resolved: true',
    '        http_config:',
    '          authorization:',
    `            credentials: ${token}`,
    '',
  ].join('\n');
}

export async function startAlertmanager(
  binary: string,
  config: string,
  port?: number,
): Promise<AlertmanagerServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cz-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  const child = startChild(binary, [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${p}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  try {
    await waitFor(
      'alertmanager to be ready',
      () => {
        if (child.proc.exitCode !== null) throw new Error(`alertmanager exited: ${child.output()}`);
        return fetchText(`${url}/-/ready`);
      },
      15_000,
    );
  } catch (e) {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    child,
    async alerts() {
      return (await (await fetch(`${url}/api/v2/alerts`)).json()) as {
        labels: Record<string, string>;
        status: { state: string };
      }[];
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
