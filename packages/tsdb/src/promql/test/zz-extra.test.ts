import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { Head } from '../../storage/head/head.js';
import { runScript } from './runner.js';

for (const f of readdirSync('/tmp/extra'))
  it(f, () => {
    const r = runScript(readFileSync(`/tmp/extra/${f}`, 'utf8'), () => new Head());
    console.log(`${f}: passed ${r.passed}, failed ${r.failed}, unsupported ${r.unsupported}`);
    for (const x of r.failures) console.log(`  FAIL ${f}:${x.line} ${x.expr}\n    ${x.message}`);
  });
