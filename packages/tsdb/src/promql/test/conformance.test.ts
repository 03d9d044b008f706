import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Head } from '../../storage/head/head.js';
import { runScript } from './runner.js';

// The repo root is 4 levels up from packages/tsdb/src/promql/test; the shared scripts sit beside it.
const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(here, '../../../../..', '../shared/conformance/promql');
const files = readdirSync(dir).filter((f) => f.endsWith('.test'));

/**
 * Evals known to pass per script: a floor, so that a change cannot silently move evals from
 * "passed" to "unsupported". Raise it when support grows.
 */
const MIN_PASSED: Record<string, number> = {
  'aggregators.test': 136,
  'functions.test': 271,
  'literals.test': 25,
  'operators.test': 142,
  'range_queries.test': 15,
  'selectors.test': 31,
};

describe('PromQL conformance (Prometheus promqltest scripts, on the real Head)', () => {
  it('finds the six shared scripts', () => {
    expect(files.length).toBe(6);
  });
  for (const f of files) {
    it(f, () => {
      const r = runScript(readFileSync(join(dir, f), 'utf8'), () => new Head());
      console.log(`${f}: passed ${r.passed}, failed ${r.failed}, unsupported ${r.unsupported}`);
      for (const x of r.failures) console.log(`  FAIL ${f}:${x.line} ${x.expr}\n    ${x.message}`);
      expect(r.passed).toBeGreaterThanOrEqual(MIN_PASSED[f] ?? 1);
      // Every unsupported eval names why (native histograms or an experimental feature).
      for (const u of r.unsupportedList) expect(u.reason).toMatch(/histogram|experimental/);
      expect(r.failures).toEqual([]);
      expect(r.failed).toBe(0);
    });
  }
});
