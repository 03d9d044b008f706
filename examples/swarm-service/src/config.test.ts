import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3000,
      agents: 6,
      topology: 'mesh',
      loadRps: 5,
      trainIntervalMs: 30_000,
      faultToken: '',
      leakMbPerSecond: 4,
      leakMaxMb: 512,
      tracePoolMb: 32,
    });
  });

  it('reads the environment', () => {
    const c = loadConfig({
      PORT: '0',
      AGENTS: '3',
      TOPOLOGY: 'hierarchical',
      LOAD_RPS: '0',
      CLAUDE_ZEN_CONTROL_TOKEN: 't',
    });
    expect(c).toMatchObject({ port: 0, agents: 3, topology: 'hierarchical', loadRps: 0, faultToken: 't' });
  });

  it('names the variable and the fix when a value is wrong', () => {
    expect(() => loadConfig({ AGENTS: '0' })).toThrow('AGENTS="0" is not valid: use an integer from 1 to 64');
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/^PORT="http" is not valid/);
    expect(() => loadConfig({ TOPOLOGY: 'star' })).toThrow('use "mesh" or "hierarchical"');
  });
});
