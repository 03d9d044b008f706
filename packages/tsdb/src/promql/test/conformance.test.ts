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

describe('PromQL conformance (Prometheus promqltest scripts, on the real Head)', () => {
  it('finds the six shared scripts', () => {
    expect(files.length).toBe(6);
  });
  for (const f of files) {
    it(f, () => {
      const r = runScript(readFileSync(join(dir, f), 'utf8'), () => new Head());
      console.log(`${f}: passed ${r.passed}, failed ${r.failed}, unsupported ${r.unsupported}`);
      for (const x of r.failures) console.log(`  FAIL ${f}:${x.line} ${x.expr}\n    ${x.message}`);
      expect(r.passed).toBeGreaterThan(0);
      expect(r.failures).toEqual([]);
      expect(r.failed).toBe(0);
    });
  }
});
