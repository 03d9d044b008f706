/**
 * Runs benchmark variants under `--cpu-prof` and summarizes the V8 CPU profiles: self time by
 * function and the share of busy time spent inside instrumentation code (inclusive).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './server-process.mjs';
import { fixed, markdownTable } from './table.mjs';

const IDLE = new Set(['(idle)', '(program)']);

function where(url, line) {
  if (!url) return '';
  let path = url.replace(/^file:\/\//, '');
  if (path.startsWith(ROOT)) path = relative(ROOT, path);
  path = path.replace(/^.*node_modules\//, '');
  return `${path}:${line + 1}`;
}

/** Summarizes a .cpuprofile: busy samples, top self-time functions, inclusive shares by origin. */
export function summarizeProfile(profile, { top = 20, origins = {}, windowUs } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const stacks = new Map();
  const inclusive = Object.fromEntries(Object.keys(origins).map((k) => [k, 0]));
  let busy = 0;
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    t += profile.timeDeltas[i];
    if (windowUs && (t < windowUs[0] || t > windowUs[1])) continue;
    total++;
    const node = byId.get(id);
    const name = node.callFrame.functionName || '(anonymous)';
    if (IDLE.has(name)) continue;
    busy++;
    const key = `${name} ${where(node.callFrame.url, node.callFrame.lineNumber)}`.trim();
    self.set(key, (self.get(key) ?? 0) + 1);
    const chain = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < 6; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (f.functionName === '(root)') break;
      chain.push(f.functionName || `(anonymous ${where(f.url, f.lineNumber)})`);
    }
    const callers = stacks.get(key) ?? new Map();
    const chainKey = chain.join(' ← ');
    callers.set(chainKey, (callers.get(chainKey) ?? 0) + 1);
    stacks.set(key, callers);
    const hit = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur).callFrame.url;
      for (const [origin, test] of Object.entries(origins))
        if (!hit.has(origin) && test(url)) hit.add(origin);
    }
    for (const origin of hit) inclusive[origin]++;
  }
  const topSelf = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, n]) => {
      const [callers] = [...stacks.get(fn).entries()].sort((a, b) => b[1] - a[1]);
      return { fn, percent: (100 * n) / busy, callers: callers[0] };
    });
  const shares = Object.fromEntries(Object.entries(inclusive).map(([k, n]) => [k, (100 * n) / busy]));
  return { busyPercent: (100 * busy) / total, topSelf, inclusive: shares };
}

export const ORIGINS = {
  '@claude-zen/otel (packages/otel)': (url) => url.includes('/packages/otel/'),
  '@opentelemetry/*': (url) => url.includes('/node_modules/@opentelemetry/'),
  'api collector (collectors/api)': (url) => url.includes('/packages/otel/dist/collectors/api/'),
  'host-metrics + systeminformation': (url) =>
    url.includes('/node_modules/@opentelemetry/host-metrics/') ||
    url.includes('/node_modules/systeminformation/'),
  'prom-client': (url) => url.includes('/node_modules/prom-client/'),
};

export async function profileVariants({ variants, run }) {
  for (const variant of variants) {
    const dir = mkdtempSync(join(tmpdir(), 'claude-zen-prof-'));
    try {
      const result = await run(variant, dir);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no CPU profile was written for ${variant.name}`);
      const summary = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), {
        origins: ORIGINS,
        windowUs: result.windowUs,
      });
      console.log(
        `### ${variant.name}: ${fixed(result.rps, 0)} req/s, ${fixed(result.cpuPerRequestUs, 1)} µs CPU/request (profiling on)\n`,
      );
      console.log(
        `Samples from the measured window only. Busy ${fixed(summary.busyPercent, 1)}% of them. Inclusive share of busy time: ${Object.entries(
          summary.inclusive,
        )
          .map(([k, v]) => `${k} ${fixed(v, 1)}%`)
          .join(', ')}.\n`,
      );
      console.log(
        markdownTable(
          ['self time (% of busy)', 'function', 'most frequent callers'],
          summary.topSelf.map((t) => [
            fixed(t.percent, 1),
            `\`${t.fn}\``,
            t.callers ? `\`${t.callers}\`` : '',
          ]),
        ),
      );
      console.log('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
