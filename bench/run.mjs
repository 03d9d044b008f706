#!/usr/bin/env node
/**
 * Runs the benchmark suites (every bench/*.mjs but this one) in turn, each in its own process,
 * and prints their markdown tables.
 *
 *   node bench/run.mjs                    all suites
 *   node bench/run.mjs otel-overhead ...  only the named ones (with or without .mjs)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const suites = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('.'))
  .sort();

const wanted = process.argv.slice(2).map((a) => a.replace(/\.mjs$/, ''));
const unknown = wanted.filter((w) => !suites.includes(`${w}.mjs`));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark suite: ${unknown.join(', ')}. Available: ${suites.map((s) => s.replace(/\.mjs$/, '')).join(', ')}`,
  );
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted.map((w) => `${w}.mjs`) : suites;

/** Suites that need V8 flags (gc between scrapes for steadier numbers). */
const NODE_FLAGS = { 'otel-scrape.mjs': ['--expose-gc'] };

const failed = [];
const started = performance.now();
for (const suite of selected) {
  console.log(`\n<!-- ${suite} -->`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(NODE_FLAGS[suite] ?? []), join(here, suite)], {
    stdio: 'inherit',
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  if (r.status !== 0) {
    failed.push(suite);
    console.error(`${suite} failed (exit ${r.status ?? r.signal}) after ${seconds} s`);
  } else console.error(`${suite} done in ${seconds} s`);
}
console.error(`\nbenchmarks finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
