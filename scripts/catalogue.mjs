#!/usr/bin/env node
// Prints the README's metric catalogue and configuration reference from the code's own tables
// (packages/otel/src/catalogue.ts and config/schema.ts). Run after `npm run build`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CATALOGUE } = require('../packages/otel/dist/catalogue.js');
const { ENV_VARS } = require('../packages/otel/dist/config/schema.js');

const what = process.argv[2] ?? 'metrics';
if (what === 'metrics') {
  for (const collector of ['resource', 'system', 'api', 'memory', 'swarm', 'neural']) {
    console.log(`\n**${collector}**\n`);
    console.log('| Prometheus name | type | labels | meaning |');
    console.log('|---|---|---|---|');
    for (const m of CATALOGUE.filter((c) => c.collector === collector)) {
      const labels = m.labels.map((l) => `\`${l}\``).join(', ');
      const src = m.source ? ` (from \`${m.source}\`)` : '';
      console.log(`| \`${m.name}\` | ${m.type} | ${labels} | ${m.description}${src} |`);
    }
  }
} else {
  console.log('| variable | default | meaning |');
  console.log('|---|---|---|');
  for (const v of ENV_VARS)
    console.log(`| \`${v.name}\` | \`${v.default || '(unset)'}\` | ${v.description} |`);
}
