/** `claude-zen detect` as a real child process of the built bin. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../../..');
const bin = join(root, 'packages/cli/dist/bin.js');
const nabFile = resolve(root, '../shared/eval/nab/data/realAWSCloudwatch/rds_cpu_utilization_e47b3b.csv');
let dir = '';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'detect', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(root, 'packages/cli/dist/commands/detect.js'))) {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
        cwd: root,
        stdio: 'pipe',
      });
    } catch {
      // errors elsewhere in the workspace still emit; the check below decides
    }
  }
  expect(existsSync(bin), `${bin} missing: run npx tsc -b`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'cli-detect-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('claude-zen detect', () => {
  it('prints one CSV verdict per row of a NAB file and finds its level shifts', () => {
    const r = run(['--input', nabFile]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,score,expected,lower,upper,severity,detection');
    expect(lines).toHaveLength(4033);
    expect(lines[1]).toMatch(/^2014-04-10T00:02:00.000Z,14.012,0,/);
    const detected = lines.slice(1).filter((l) => l.endsWith(',true')).length;
    expect(detected).toBeGreaterThan(0);
    expect(detected).toBeLessThan(40);
  });

  it('prints JSON with the chosen detector and parameters', () => {
    const file = join(dir, 'spike.csv');
    const rows = ['timestamp,value'];
    for (let i = 0; i < 60; i++)
      rows.push(`2024-01-01 00:${String(i).padStart(2, '0')}:00,${i === 50 ? 95 : 10}`);
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = run([
      '--input',
      file,
      '--detector',
      'threshold',
      '--param',
      'warning=80',
      '--param',
      'critical=90',
      '--output',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { detection: boolean; severity: string; score: number }[];
    expect(out).toHaveLength(60);
    expect(out.flatMap((x, i) => (x.detection ? [i] : []))).toEqual([50]);
    expect(out[50].severity).toBe('critical');
  });

  it('fails with one clear line and the right exit code', () => {
    const missing = run(['--input', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `claude-zen: ${join(dir, 'nope.csv')}: no such file; check the --input path\n`,
    );

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,oops\n');
    const badRow = run(['--input', bad]);
    expect(badRow.code).toBe(1);
    expect(badRow.stderr.trim()).toMatch(/bad row at line 3: value "oops" is not a finite number$/);
    expect(badRow.stderr.trim().split('\n')).toHaveLength(1);

    const unknown = run(['--input', bad, '--detector', 'magic']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown detector "magic"; known detectors: default, threshold, dynamic-threshold/,
    );

    const param = run([
      '--input',
      nabFile,
      '--detector',
      'dynamic-threshold',
      '--param',
      'warningSigma=lots',
    ]);
    expect(param.code).toBe(2);
    expect(param.stderr).toMatch(/parameter "warningSigma" must be a number/);

    expect(run(['--input', nabFile, '--output', 'xml']).code).toBe(2);
    expect(run([]).code).toBe(2);
  });
});
