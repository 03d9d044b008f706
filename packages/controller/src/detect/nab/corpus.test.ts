import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreamingDetector } from '../registry.js';
import { parseSeriesCsv } from '../series-csv.js';
import { NAB_PROFILES } from './profiles.js';
import { normalizeScore, nullScore, scoreDetections } from './scoring.js';
import { sweepThreshold } from './sweep.js';
import { parseNabTime, windowsToRows } from './windows.js';

// The shared NAB data sits next to the repository: <repo>/../shared/eval/nab.
const NAB = resolve(__dirname, '../../../../../../shared/eval/nab');
const FILES = [
  'realAWSCloudwatch/rds_cpu_utilization_e47b3b.csv',
  'realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv',
  'realAWSCloudwatch/elb_request_count_8c0756.csv',
];

describe('default detector on real NAB files', () => {
  const labels = JSON.parse(readFileSync(join(NAB, 'labels/combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const runs = FILES.map((key) => {
    const samples = parseSeriesCsv(readFileSync(join(NAB, 'data', key), 'utf8'), key);
    const windows = windowsToRows(
      samples.map((s) => s.t),
      labels[key].map(([a, b]) => [parseNabTime(a), parseNabTime(b)] as const),
    );
    const d = createStreamingDetector('default');
    const results = samples.map((s) => d.update(s.t, s.v));
    return { key, windows, results };
  });
  const windowCount = runs.reduce((a, r) => a + r.windows.length, 0);

  it('its own detections (score > 1) beat the null detector under every profile', () => {
    expect(windowCount).toBeGreaterThanOrEqual(5);
    for (const profile of NAB_PROFILES) {
      let total = 0;
      for (const r of runs)
        total += scoreDetections(
          r.results.map((x) => x.detection),
          r.windows,
          profile,
        ).score;
      expect(total).toBeGreaterThan(nullScore(windowCount, profile));
      expect(normalizeScore(total, windowCount, profile)).toBeGreaterThan(50);
    }
  });

  it('with a swept threshold it finds every window of these files', () => {
    const r = sweepThreshold(
      runs.map((x) => ({ scores: x.results.map((y) => y.score), windows: x.windows })),
      NAB_PROFILES[0],
    );
    expect(r.tp).toBe(windowCount);
    expect(r.normalized).toBeGreaterThan(60);
  });
});
