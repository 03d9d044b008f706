import { defineConfig } from 'vitest/config';

// Two groups, run one after the other:
// - `unit`: pure logic beside the code, two files at a time;
// - `integration`: real processes, Prometheus, Alertmanager and Chromium, one file at a time,
//   because several of them compare timings (the optimizer's verification rolls back a change that
//   made things slower) and a second heavy file on a 2-core machine would be the noise they measure.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
