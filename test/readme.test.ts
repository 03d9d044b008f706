/** The README documents what the code does: every variable and every catalogue metric. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../packages/otel/src/catalogue.js';
import { ENV_VARS } from '../packages/otel/src/config/schema.js';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('opens with the two commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = firstBlock
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm run demo', 'npm test']);
  });
  it('lists every environment variable of the preload', () => {
    expect(ENV_VARS.filter((v) => !readme.includes(`\`${v.name}\``)).map((v) => v.name)).toEqual([]);
  });
  it('lists every metric of the catalogue', () => {
    expect(CATALOGUE.filter((m) => !readme.includes(`\`${m.name}\``)).map((m) => m.name)).toEqual([]);
  });
});
