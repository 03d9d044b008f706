import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './ports.js';
import { type Child, startChild } from './processes.js';
import { waitFor } from './wait.js';

const root = resolve(__dirname, '../..');
const MAIN = join(root, 'examples/swarm-service/dist/main.js');

/** The example swarm service preloaded with @claude-zen/otel, on free ports, with a control token. */
export interface SwarmService {
  child: Child;
  /** The service's own API, e.g. http://127.0.0.1:40001 (faults: POST /faults/<name>). */
  api: string;
  /** The preload's control endpoint (GET /v1/actions, /v1/changes). */
  control: string;
  /** host:port of the preload's Prometheus exporter, for scrape configs. */
  metricsTarget: string;
  token: string;
  /** Turns a fault on (`slow-inference`, `leak`, `cpu`, ...). */
  fault(name: string, enabled?: boolean): Promise<number>;
  /** The changes the control endpoint recorded (applied, confirmed, rolled back). */
  changes(): Promise<{ action: string; state: string }[]>;
  /** The names of the actions the control endpoint advertises (GET /v1/actions). */
  actionNames(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The end-to-end tests' tuning: fast neural and swarm loops, a light steady load, no training. */
export const FAST_LOOPS: Readonly<Record<string, string>> = {
  CLAUDE_ZEN_NEURAL_INTERVAL_MS: '250',
  CLAUDE_ZEN_SWARM_INTERVAL_MS: '500',
  AGENTS: '4',
  LOAD_RPS: '5',
  TRAIN_INTERVAL_MS: '0',
};

export interface SwarmServiceOptions {
  /** The tuning variables (loops, agents, load); `env` is applied on top. Default FAST_LOOPS. */
  tuning?: Record<string, string>;
  /** Node options before `--require @claude-zen/otel` (e.g. `--max-old-space-size=64`). */
  nodeArgs?: string[];
  /** How long to wait for "swarm-service listening" (ms). Default 40 s. */
  readyTimeoutMs?: number;
}

/**
 * Starts the service on free ports with the control token set, the `tuning` variables (default
 * FAST_LOOPS) and `env` on top. Waits until it listens; kills it if it does not.
 */
export async function startSwarmService(
  token: string,
  env: Record<string, string> = {},
  options: SwarmServiceOptions = {},
): Promise<SwarmService> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npx tsc -b" before the tests`);
  const [port, promPort, controlPort] = [await freePort(), await freePort(), await freePort()];
  const api = `http://127.0.0.1:${port}`;
  const child = startChild(
    process.execPath,
    [...(options.nodeArgs ?? []), '--require', '@claude-zen/otel', MAIN],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort),
        CLAUDE_ZEN_CONTROL_PORT: String(controlPort),
        CLAUDE_ZEN_CONTROL_TOKEN: token,
        ...(options.tuning ?? FAST_LOOPS),
        ...env,
      },
    },
  );
  try {
    await waitFor(
      'the service to listen',
      () => {
        if (child.proc.exitCode !== null) throw new Error(`service exited: ${child.output()}`);
        return child.output().includes(`swarm-service listening on ${api}`) ? true : undefined;
      },
      options.readyTimeoutMs ?? 40_000,
    );
  } catch (e) {
    await child.stop('SIGKILL');
    throw e;
  }
  const control = `http://127.0.0.1:${controlPort}`;
  const auth = { authorization: `Bearer ${token}` };
  return {
    child,
    api,
    control,
    metricsTarget: `127.0.0.1:${promPort}`,
    token,
    async fault(name, enabled = true) {
      const res = await fetch(`${api}/faults/${name}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
      await res.arrayBuffer();
      return res.status;
    },
    async changes() {
      const res = await fetch(`${control}/v1/changes`, { headers: auth });
      return ((await res.json()) as { changes: { action: string; state: string }[] }).changes;
    },
    async actionNames() {
      const res = await fetch(`${control}/v1/actions`, { headers: auth });
      return ((await res.json()) as { actions: { name: string }[] }).actions.map((a) => a.name);
    },
    async stop() {
      await child.stop('SIGKILL');
    },
  };
}
