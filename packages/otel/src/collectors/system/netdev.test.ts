import { describe, expect, it } from 'vitest';
import { parseNetDev } from './netdev.js';

const SAMPLE = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0
  eth0: 123456 789 1 2 0 0 0 0 654321 987 3 4 0 0 0 0`;

describe('parseNetDev', () => {
  it('reads receive and transmit counters per interface', () => {
    const [lo, eth0] = parseNetDev(SAMPLE);
    expect(lo.device).toBe('lo');
    expect(eth0).toEqual({
      device: 'eth0',
      rxBytes: 123456,
      rxPackets: 789,
      rxErrors: 1,
      rxDropped: 2,
      txBytes: 654321,
      txPackets: 987,
      txErrors: 3,
      txDropped: 4,
    });
  });
  it('skips headers and garbage', () => {
    expect(parseNetDev('nothing here\nx: 1 2')).toEqual([]);
  });
});
