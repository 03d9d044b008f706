#!/usr/bin/env node
// NAB evaluation of the detectors of @claude-zen/controller on ../shared/eval/nab (realAWSCloudwatch).
// Runs against the built dist: `npx tsc -b` first. Usage:
//   node bench/nab.mjs [--detector NAME]... [--param NAME.k=v]... [--data DIR] [--verbose]
// Each detector runs in streaming order over every file; its per-row score is swept for ONE
// threshold per profile over the whole corpus (NAB's rule) and the normalized scores are printed as
// a markdown table, with the published reference rows from ../shared/README.md beside it.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const controller = require(join(here, '../packages/controller/dist/index.js'));
const { nab, parseSeriesCsv, createStreamingDetector } = controller;

/** Generic parameters for 5-minute (or any regular) data; never tuned per file. */
export const NAB_DETECTORS = {
  default: {},
  'dynamic-threshold': { baselineWindow: '1d', robust: 'true', warningSigma: '3', criticalSigma: '4' },
  'trend-analysis': { window: '2h', period: '1h', growthThreshold: '0.05', direction: 'both' },
  'performance-degradation': { baselineWindow: '6h', sustain: '30m', threshold: '0.5' },
  'comparative-analysis': { baselineWindow: '1d', recentWindow: '30m', ratio: '2' },
  'ml-anomaly-detection': { lags: '2', trainingSize: '1000', refitEvery: '250', trees: '50' },
};

/** Rows muted after a detection when a rule detector runs with the generic NAB wrapper (the default's own value). */
const SUPPRESS_ROWS = 100;

/** Published scores on these 17 files (../shared/README.md). */
export const PUBLISHED = [
  ['CAD OSE', 71.5, 67.7, 75.8],
  ['Numenta HTM', 69.6, 58.0, 74.2],
  ['ARTime', 69.5, 59.0, 75.2],
  ['KNN CAD', 60.7, 53.1, 64.9],
  ['Skyline (earthgecko)', 58.1, 45.2, 64.3],
  ['Random Cut Forest', 57.6, 44.9, 64.7],
  ['Relative Entropy', 50.0, 44.0, 53.3],
  ['Twitter ADVec', 38.5, 25.5, 45.7],
  ['Windowed Gaussian', 31.2, 4.9, 41.9],
  ['random', 16.4, 7.0, 25.4],
  ['null', 0, 0, 0],
];

/** Loads every labelled file under `root` (data/<group>/<file>.csv + labels/combined_windows.json). */
export function loadCorpus(root) {
  const labels = JSON.parse(readFileSync(join(root, 'labels/combined_windows.json'), 'utf8'));
  const out = [];
  for (const group of readdirSync(join(root, 'data')).sort()) {
    for (const file of readdirSync(join(root, 'data', group)).sort()) {
      if (!file.endsWith('.csv')) continue;
      const key = `${group}/${file}`;
      if (!labels[key]) continue;
      const samples = parseSeriesCsv(readFileSync(join(root, 'data', key), 'utf8'), key);
      const windows = nab.windowsToRows(
        samples.map((s) => s.t),
        labels[key].map(([a, b]) => [nab.parseNabTime(a), nab.parseNabTime(b)]),
      );
      out.push({ name: key, samples, windows });
    }
  }
  return out;
}

/**
 * NAB rewards the earliest detection of an event and charges every repeat, while the rule detectors
 * alert on every anomalous row. This generic wrapper keeps a detector's first detection (its own
 * `detection`, score > 1) and mutes the next `rows` rows, like the default detector does inside.
 */
function withSuppression(detector, rows) {
  let muted = 0;
  return {
    update(t, v) {
      const r = detector.update(t, v);
      if (muted > 0) {
        muted--;
        return { ...r, score: 0, detection: false };
      }
      if (r.detection) muted = rows;
      return r;
    },
  };
}

/** Runs one detector over the corpus and sweeps each profile's threshold. */
export function evaluateDetector(corpus, name, params, suppressRows = 0) {
  const t0 = performance.now();
  const scored = corpus.map((f) => {
    const raw = createStreamingDetector(name, params);
    const d = suppressRows > 0 ? withSuppression(raw, suppressRows) : raw;
    return { name: f.name, windows: f.windows, scores: f.samples.map((s) => d.update(s.t, s.v).score) };
  });
  const seconds = (performance.now() - t0) / 1000;
  const results = nab.NAB_PROFILES.map((p) => ({ profile: p.name, ...nab.sweepThreshold(scored, p) }));
  // The detector's own decision (score >= 1), with no threshold chosen on the labels.
  const windowCount = scored.reduce((a, f) => a + f.windows.length, 0);
  const own = nab.NAB_PROFILES.map((p) => {
    let raw = 0;
    for (const f of scored)
      raw += nab.scoreDetections(
        f.scores.map((x) => x >= 1),
        f.windows,
        p,
      ).score;
    return nab.normalizeScore(raw, windowCount, p);
  });
  return {
    name: suppressRows ? `${name} + suppression ${suppressRows}` : name,
    params,
    seconds,
    results,
    own,
    scored,
  };
}

function parseArgs(argv) {
  const opts = { detectors: [], params: {}, data: resolve(here, '../../shared/eval/nab'), verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--detector') opts.detectors.push(argv[++i]);
    else if (a === '--param') {
      const m = /^([^.=]+)\.([^=]+)=(.*)$/.exec(argv[++i] ?? '');
      if (!m) throw new Error('--param takes DETECTOR.key=value, e.g. default.trigger=2');
      opts.params[m[1]] ??= {};
      opts.params[m[1]][m[2]] = m[3];
    } else if (a === '--data') opts.data = resolve(argv[++i]);
    else if (a === '--verbose') opts.verbose = true;
    else throw new Error(`unknown argument ${a}; use --detector, --param, --data, --verbose`);
  }
  if (opts.detectors.length === 0) opts.detectors = Object.keys(NAB_DETECTORS);
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const corpus = loadCorpus(opts.data);
  const windows = corpus.reduce((a, f) => a + f.windows.length, 0);
  const rows = corpus.reduce((a, f) => a + f.samples.length, 0);
  console.log(`NAB: ${corpus.length} files, ${rows} rows, ${windows} windows (${opts.data})\n`);
  const measured = [];
  for (const name of opts.detectors) {
    const params = { ...(NAB_DETECTORS[name] ?? {}), ...(opts.params[name] ?? {}) };
    const runs = [evaluateDetector(corpus, name, params)];
    if (name !== 'default') runs.push(evaluateDetector(corpus, name, params, SUPPRESS_ROWS));
    measured.push(...runs);
    if (!opts.verbose) continue;
    for (const r of runs) {
      const std = r.results[0];
      for (const f of r.scored) {
        const det = f.scores.map((s) => s >= std.threshold);
        const o = nab.scoreDetections(det, f.windows, nab.NAB_PROFILES[0]);
        console.log(`  ${r.name} ${f.name}: score ${o.score.toFixed(2)} tp ${o.tp} fp ${o.fp} fn ${o.fn}`);
      }
    }
  }
  const fmt = (x) => x.toFixed(1);
  const lines = [
    '| detector | standard | low FP | low FN | thresholds (std / lowFP / lowFN) | TP/FP std | at score 1 (std / lowFP / lowFN) | time (s) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const m of measured) {
    const [s, lfp, lfn] = m.results;
    const th = m.results
      .map((r) => (Number.isFinite(r.threshold) ? r.threshold.toPrecision(3) : 'none'))
      .join(' / ');
    lines.push(
      `| **${m.name}** (this project) | ${fmt(s.normalized)} | ${fmt(lfp.normalized)} | ${fmt(lfn.normalized)} | ${th} | ${s.tp}/${s.fp} | ${m.own.map(fmt).join(' / ')} | ${m.seconds.toFixed(1)} |`,
    );
  }
  for (const [name, s, lfp, lfn] of PUBLISHED)
    lines.push(`| ${name} (published) | ${fmt(s)} | ${fmt(lfp)} | ${fmt(lfn)} | | | | |`);
  console.log(lines.join('\n'));
  console.log(
    '\nthreshold, predictive: not run (they need an absolute level per series, which a generic corpus run cannot give).',
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`bench/nab: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
