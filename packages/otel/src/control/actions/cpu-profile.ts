import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionDefinition } from '../types.js';
import { diagnosticsPath, finishFile } from './diagnostics-file.js';

export interface CpuProfileParameters {
  durationMs: number;
  samplingIntervalMicros: number;
}

/** Samples the process' CPU for durationMs with the in-process inspector and returns the profile JSON. */
export async function recordCpuProfile(p: CpuProfileParameters): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: p.samplingIntervalMicros });
    await session.post('Profiler.start');
    await sleep(p.durationMs, undefined, { ref: false });
    const { profile } = await session.post('Profiler.stop');
    return JSON.stringify(profile);
  } finally {
    session.disconnect();
  }
}

export function cpuProfileAction(diagnosticsDir: string): ActionDefinition<CpuProfileParameters> {
  return {
    name: 'capture-cpu-profile',
    description:
      `Samples CPU for durationMs (100 to 60000, default 5000) and writes a .cpuprofile (open in Chrome ` +
      `DevTools) to ${diagnosticsDir}; the file name is chosen by the process. Sampling adds a few percent ` +
      'of CPU while it runs. Rollback deletes nothing: diagnostics are not state.',
    impact: 'low',
    risk: 'low',
    parameters: {
      type: 'object',
      properties: {
        durationMs: { type: 'integer', minimum: 100, maximum: 60_000, default: 5000 },
        samplingIntervalMicros: { type: 'integer', minimum: 50, maximum: 100_000, default: 1000 },
      },
      additionalProperties: false,
    },
    async apply(p) {
      const path = await diagnosticsPath(diagnosticsDir, 'cpu', 'cpuprofile');
      const profile = await recordCpuProfile(p);
      await writeFile(path, profile, { mode: 0o600, flag: 'wx' });
      const file = await finishFile(path);
      return { after: { ...file, durationMs: p.durationMs }, rollback: () => {} };
    },
  };
}
