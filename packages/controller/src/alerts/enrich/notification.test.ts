import { describe, expect, it } from 'vitest';
import type { AlertStateChange } from '../state/types.js';
import { waitForEnrichment, withEnrichment } from './notification.js';
import type { EnrichedAlert } from './types.js';

const change: AlertStateChange = {
  rule: 'cpu-usage',
  labels: { alertname: 'cpu-usage', instance: 'svc:9464' },
  annotations: { summary: 'CPU high' },
  fingerprint: 'fp',
  from: 'pending',
  to: 'firing',
  at: 1,
  activeAt: 0,
  value: 0.9,
  severity: 'warning',
  score: 2,
  expected: 0.3,
  lower: 0,
  upper: 0.6,
  evidence: {},
};

function enriched(over: Partial<EnrichedAlert> = {}): EnrichedAlert {
  return {
    fingerprint: 'fp',
    rule: 'cpu-usage',
    labels: change.labels,
    title: 'CPU high',
    description: '',
    value: 0.9,
    severity: 'warning',
    status: 'active',
    at: 1,
    score: 2,
    expected: 0.3,
    lower: 0,
    upper: 0.6,
    context: null,
    trend: null,
    rootCauses: [],
    recommendations: [],
    impact: { level: 'medium', category: 'system', summary: 'slower responses' },
    notes: [],
    ...over,
  };
}

describe('notification enrichment', () => {
  it('puts the ranked causes, recommendations and impact in the annotations, keeping the others', () => {
    const causes = Array.from({ length: 7 }, (_, i) => ({
      cause: `cause ${i}`,
      confidence: 0.9 - i * 0.1,
      evidence: `evidence ${i}`,
      source: 'known' as const,
    }));
    const out = withEnrichment(
      change,
      enriched({
        rootCauses: causes,
        recommendations: [
          {
            type: 'cpu-optimization',
            category: 'cpu',
            priority: 'high',
            title: 'High CPU Usage Detected',
            description: 'CPU above 80%',
            actions: ['Profile the hot path', 'Batch inference'],
            expectedImpact: '20%',
            effort: 'medium',
            evidence: { metric: 'system.cpu', value: 90, threshold: 80 },
          },
        ],
      }),
      2000,
    );
    expect(out.annotations.summary).toBe('CPU high');
    const listed = JSON.parse(out.annotations.root_causes) as { cause: string; confidence: number }[];
    expect(listed).toHaveLength(5);
    expect(listed[0]).toEqual({ cause: 'cause 0', confidence: 0.9, evidence: 'evidence 0' });
    expect(out.annotations.recommendations).toBe(
      'High CPU Usage Detected (high): Profile the hot path; Batch inference',
    );
    expect(out.annotations.impact).toBe('medium: slower responses');
    expect(change.annotations.root_causes).toBeUndefined(); // the input is not changed
  });

  it('says so when nothing was found, or when the analysis was not ready in time', async () => {
    expect(withEnrichment(change, enriched(), 2000).annotations.root_causes).toMatch(/^none found: /);
    expect(withEnrichment(change, undefined, 1500).annotations.root_causes).toMatch(
      /^not known yet: the root-cause analysis did not finish within 1500 ms/,
    );
    const never = new Promise<EnrichedAlert>(() => {});
    const started = Date.now();
    expect(await waitForEnrichment(never, 50)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await waitForEnrichment(Promise.resolve(enriched()), 1000)).toMatchObject({ rule: 'cpu-usage' });
    expect(await waitForEnrichment(Promise.reject(new Error('boom')), 1000)).toBeUndefined();
  });
});
