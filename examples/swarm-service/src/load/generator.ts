import { request } from 'node:http';
import type { TaskType } from '../swarm/types.js';

/** The task mix the generator submits: skewed toward code, as a real backlog is. */
const MIX: [TaskType, number][] = [
  ['code', 0.35],
  ['research', 0.2],
  ['review', 0.2],
  ['test', 0.1],
  ['analysis', 0.1],
  ['design', 0.05],
];

export function pickType(r: number): TaskType {
  let acc = 0;
  for (const [type, share] of MIX) {
    acc += share;
    if (r < acc) return type;
  }
  return MIX[0][0];
}

/**
 * Steady load on the service's own HTTP API (through node's global HTTP agent, like any client):
 * `rps` task submissions per second, plus reads of tasks and agents and an inference now and then.
 */
export class LoadGenerator {
  private timer?: NodeJS.Timeout;
  private tick = 0;
  private lastTaskId?: string;
  sent = 0;
  failed = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly rps: number,
    private readonly random: () => number = Math.random,
  ) {}

  start(): void {
    if (this.timer || this.rps <= 0) return;
    this.timer = setInterval(() => this.step(), Math.max(1, Math.round(1000 / this.rps)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private step(): void {
    const n = this.tick++;
    const payload = { size: Math.floor(this.random() * 1000), priority: Math.floor(this.random() * 3) };
    this.call('POST', '/tasks', { type: pickType(this.random()), payload }, (body) => {
      const id = (body as { id?: string } | undefined)?.id;
      if (id) this.lastTaskId = id;
    });
    if (n % 3 === 0 && this.lastTaskId) this.call('GET', `/tasks/${this.lastTaskId}`);
    if (n % 10 === 0) this.call('POST', '/infer', { batch: 16 });
    if (n % 20 === 0) this.call('GET', '/agents');
  }

  private call(method: string, path: string, body?: unknown, onBody?: (b: unknown) => void): void {
    const data = body === undefined ? undefined : JSON.stringify(body);
    this.sent++;
    const req = request(
      `${this.baseUrl}${path}`,
      {
        method,
        headers: data
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 400) this.failed++;
          else if (onBody) {
            try {
              onBody(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch {
              // not JSON: ignore
            }
          }
        });
      },
    );
    req.on('error', () => {
      this.failed++;
    });
    req.setTimeout(10_000, () => req.destroy());
    req.end(data);
  }
}
