import type { CurrentMetrics } from '../../health/types.js';
import type { RootCause } from './types.js';

/** Which of the seed's causes apply to an alert: the seed picks them by the alert metric's area. */
export type CauseArea = 'cpu' | 'memory' | 'api';

/** Extra inputs the store may not have (the seed's database query time). */
export interface KnownCauseExtras {
  /** Mean database query time in ms, when some metric provides it. */
  databaseQueryMs?: number;
}

const MB = 1024 * 1024;

/**
 * The seed's six rule-of-thumb causes (analyzeRootCauses), checked on current metrics:
 * coordination latency > 200 ms (0.8), more than 5 active networks (0.7), neural memory above
 * 40 % of the process RSS (0.9; the seed compared bytes with a percentage), heap growth above
 * 2 %/h or the leak signal (0.8), database queries > 100 ms (0.85), more than 100 concurrent
 * requests (0.75). `areas` limits them as the seed does (cpu: the first two, memory: the next
 * two, api: the last two); all by default. Missing metrics are never a cause.
 */
export function knownCauses(
  m: CurrentMetrics,
  areas: readonly CauseArea[] = ['cpu', 'memory', 'api'],
  extras: KnownCauseExtras = {},
): RootCause[] {
  const out: RootCause[] = [];
  const add = (cause: string, confidence: number, evidence: string, remediation: string) =>
    out.push({ cause, confidence, evidence, remediation, source: 'known' });
  if (areas.includes('cpu')) {
    const lat = m.swarm.coordinationLatency;
    if (lat !== undefined && lat > 200)
      add(
        'High swarm coordination overhead',
        0.8,
        `Coordination latency: ${round(lat)}ms (above 200ms)`,
        'Optimize swarm topology or reduce agent count',
      );
    const nets = m.neural.activeNetworks;
    if (nets !== undefined && nets > 5)
      add(
        'Multiple active neural networks',
        0.7,
        `${nets} neural networks active (more than 5)`,
        'Enable WASM acceleration or reduce concurrent training',
      );
  }
  if (areas.includes('memory')) {
    const neural = m.neural.memoryUsage;
    const rss = m.memory.rss;
    if (neural !== undefined && rss !== undefined && rss > 0 && neural > rss * 0.4)
      add(
        'High neural network memory usage',
        0.9,
        `Neural networks using ${(neural / MB).toFixed(1)}MB, ${((100 * neural) / rss).toFixed(0)}% of RSS`,
        'Implement memory pooling or model quantization',
      );
    const growth = m.memory.heapGrowthBytesPerSecond;
    const heap = m.memory.heapAfterGc ?? m.memory.heapUsed;
    const perHour =
      growth !== undefined && heap !== undefined && heap > 0 ? (growth * 3600) / heap : undefined;
    if ((perHour !== undefined && perHour > 0.02) || m.memory.leakSuspected === true)
      add(
        'Potential memory leak',
        0.8,
        perHour !== undefined
          ? `Memory growing at ${(perHour * 100).toFixed(1)}% per hour${m.memory.leakSuspected ? '; leak signal up' : ''}`
          : 'Leak signal up (claude_zen_memory_leak_suspected)',
        'Enable memory profiling and review recent changes',
      );
  }
  if (areas.includes('api')) {
    const db = extras.databaseQueryMs;
    if (db !== undefined && db > 100)
      add(
        'Slow database queries',
        0.85,
        `Average query time: ${round(db)}ms (above 100ms)`,
        'Optimize database queries or add caching',
      );
    const conc = m.api.concurrentRequests;
    if (conc !== undefined && conc > 100)
      add(
        'High concurrent request load',
        0.75,
        `${conc} concurrent requests (more than 100)`,
        'Implement request throttling or scale horizontally',
      );
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The seed's areas for an alert, from its rule name, query, metric alias and category label. */
export function causeAreas(text: string): CauseArea[] {
  const t = text.toLowerCase();
  const areas: CauseArea[] = [];
  if (/cpu|system|swarm|neural/.test(t)) areas.push('cpu');
  if (/memory|heap|rss|gc|leak/.test(t)) areas.push('memory');
  if (/api|http|request|latency|response/.test(t)) areas.push('api');
  return areas.length ? areas : ['cpu', 'memory', 'api'];
}
