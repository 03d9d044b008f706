import { bytes, clock, level, millis, num, percent, ratio, type Styles } from './format.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

export interface FrameContext {
  url: string;
  at: number;
  /** Shown at the top when the last refresh failed (the previous data stays). */
  error?: string;
  /** "q quits" in the live view. */
  live: boolean;
  width: number;
}

/** One screen of the terminal dashboard from GET /api/dashboard (the seed's PerformanceDashboard). */
export function renderDashboardFrame(data: unknown, s: Styles, c: FrameContext): string[] {
  const d = obj(data);
  const overview = obj(d.overview);
  const health = obj(overview.health);
  const current = obj(obj(d.metrics).current);
  const sys = obj(current.system);
  const api = obj(current.api);
  const mem = obj(current.memory);
  const swarm = obj(current.swarm);
  const neural = obj(current.neural);
  const lines: string[] = [];
  lines.push(
    `${s.bold('claude-zen monitor')}  ${c.url}  ${new Date(c.at).toISOString().replace('T', ' ').slice(0, 19)} UTC${c.live ? s.dim('  (q quits)') : ''}`,
  );
  if (c.error) lines.push(s.red(`! ${c.error}`));
  if (current.available === false)
    lines.push(s.yellow('! the store has no data yet: are targets being scraped?'));
  const status = health.status ?? 'unknown';
  lines.push(
    `${s.bold('Health'.padEnd(8))}${level(s, `${num(health.overall, 0)}/100 ${String(status)}`, status)}   performance ${num(obj(overview.performance).score, 0)}  availability ${num(obj(overview.availability).score, 0)}  efficiency ${num(obj(overview.efficiency).score, 0)}`,
  );
  const comps = Object.entries(obj(health.components)).map(([name, v]) => {
    const x = obj(v);
    return level(s, `${name} ${num(x.score, 0)}`, x.level);
  });
  if (comps.length) lines.push(`        ${comps.join('  ')}`);
  lines.push(
    `${s.bold('System'.padEnd(8))}cpu ${percent(sys.cpu)}  memory ${percent(sys.memory)}  disk ${percent(sys.disk)}`,
  );
  lines.push(
    `${s.bold('API'.padEnd(8))}p95 ${millis(api.responseTime)}  ${num(api.throughput)} req/s  errors ${ratio(api.errorRate, 2)}  in flight ${num(api.concurrentRequests, 0)}`,
  );
  lines.push(
    `${s.bold('Memory'.padEnd(8))}heap ${bytes(mem.heapUsed)}  rss ${bytes(mem.rss)}  growth ${bytes(mem.heapGrowthBytesPerSecond, true)}/s  gc ${num(mem.gcRate, 2)}/s  loop p99 ${millis(mem.eventLoopDelay)}  leak ${mem.leakSuspected === true ? s.red('suspected') : mem.leakSuspected === false ? 'no' : '–'}`,
  );
  lines.push(
    `${s.bold('Swarm'.padEnd(8))}${count(swarm.activeSwarms, 'swarm')}  ${count(swarm.totalAgents, 'agent')}  busy ${ratio(swarm.agentUtilization, 0)}  coordination ${millis(swarm.coordinationLatency)}  efficiency ${num(swarm.efficiency, 2)}  ${num(swarm.taskThroughput)} tasks/s  failed ${ratio(swarm.failureRate)}`,
  );
  lines.push(
    `${s.bold('Neural'.padEnd(8))}${count(neural.activeNetworks, 'model')}  p95 ${millis(neural.inferenceTime)}  ${num(neural.throughput)}/s  accuracy ${num(neural.accuracy, 3)}  memory ${bytes(neural.memoryUsage)}  wasm ${neural.wasmAcceleration === true ? 'on' : neural.wasmAcceleration === false ? 'off' : '–'}`,
  );
  const alerts = obj(d.alerts);
  const active = list(alerts.active);
  const suppressed = list(alerts.suppressed);
  const resolved = list(alerts.resolved);
  lines.push(
    `${s.bold('Alerts'.padEnd(8))}${active.length ? s.red(`${active.length} active`) : '0 active'}, ${suppressed.length} suppressed, ${resolved.length} resolved`,
  );
  for (const a of [...active, ...suppressed].slice(0, 5))
    lines.push(
      `        ${level(s, String(a.severity ?? '?').padEnd(8), a.severity)} ${String(a.rule ?? '?')}${a.status === 'suppressed' ? s.dim(' (suppressed)') : ''} ${String(a.title ?? '')} ${s.dim(`since ${clock(a.activeAt ?? a.at)}`)}`,
    );
  const opt = obj(d.optimizations);
  const impact = obj(opt.impact);
  const recent = list(opt.recent);
  const pending = list(opt.pending);
  lines.push(
    `${s.bold('Optim.'.padEnd(8))}${num(impact.applied, 0)} applied, ${num(impact.rolledBack, 0)} rolled back, ${num(impact.failed, 0)} failed, ${pending.length} pending`,
  );
  for (const r of recent.slice(0, 3)) {
    const state = r.rolledBack ? 'rolled back' : r.success ? 'kept' : 'failed';
    lines.push(
      `        ${level(s, state.padEnd(11), r.rolledBack || !r.success ? 'warning' : 'good')} ${String(r.action ?? '?')} on ${String(r.target ?? '?')}: ${String(r.improvement ?? '')}`,
    );
  }
  for (const p of pending.slice(0, 3)) {
    const cand = obj(p.candidate);
    lines.push(
      `        ${s.yellow('pending'.padEnd(11))} ${String(cand.action ?? obj(cand.action).name ?? '?')} ${String(p.explanation ?? '')}`,
    );
  }
  const recs = list(d.recommendations);
  lines.push(`${s.bold('Advice'.padEnd(8))}${recs.length} recommendation${recs.length === 1 ? '' : 's'}`);
  for (const r of recs.slice(0, 3))
    lines.push(
      `        ${level(s, String(r.priority ?? '?').padEnd(6), r.priority)} ${String(r.title ?? r.type ?? '')}`,
    );
  const errors = list(d.errors);
  if (errors.length)
    lines.push(s.dim(`${errors.length} queries failed: ${errors.map((e) => e.field).join(', ')}`));
  // never wider than the terminal: a wrapped line would scroll the screen
  return lines.map((l) => fit(l, c.width));
}

/** "1 swarm", "3 swarms", "– swarms". */
function count(v: unknown, word: string): string {
  return `${num(v, 0)} ${word}${v === 1 ? '' : 's'}`;
}

/** Cuts a line to `width` visible characters, keeping ANSI codes intact. */
function fit(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible >= width) continue;
    out += line[i];
    visible++;
  }
  return out;
}
