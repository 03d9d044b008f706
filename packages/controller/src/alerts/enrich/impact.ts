import type { AlertImpact } from './types.js';

const AREA_TEXT: Record<string, string> = {
  system: 'host resources: every workload on the process slows down',
  cpu: 'CPU: request and agent latency rise',
  memory: 'memory: risk of GC pauses and out-of-memory restarts',
  swarm: 'agent swarms: task coordination slows or fails',
  api: 'API: users see slower or failing requests',
  neural: 'neural models: inference slows, accuracy may drop',
};

/** The alert's impact from its category and severity (critical: high, warning: medium, else low). */
export function alertImpact(
  category: string | undefined,
  severity: string,
): { level: AlertImpact; category: string; summary: string } {
  const cat = category ?? 'unknown';
  const sev = severity.toLowerCase();
  let level: AlertImpact = sev === 'critical' ? 'high' : sev === 'warning' ? 'medium' : 'low';
  if (sev === 'critical' && (cat === 'api' || cat === 'system')) level = 'critical';
  return { level, category: cat, summary: AREA_TEXT[cat] ?? `${cat}: see the rule's description` };
}
