import { describe, expect, it } from 'vitest';
import { parseDiskstats } from './diskstats.js';

const SAMPLE = `   8       0 sda 1000 10 20000 500 2000 20 40000 900 0 1200 1400 0 0 0 0
   8       1 sda1 900 10 18000 450 1900 20 38000 800 0 1100 1300 0 0 0 0
   7       0 loop0 5 0 10 0 0 0 0 0 0 0 0 0 0 0 0
 259       0 nvme0n1 7 0 14 1 3 0 6 1 0 2 2 0 0 0 0
 259       1 nvme0n1p1 7 0 14 1 3 0 6 1 0 2 2 0 0 0 0`;

describe('parseDiskstats', () => {
  it('reads whole disks only, in bytes', () => {
    expect(parseDiskstats(SAMPLE)).toEqual([
      { device: 'sda', reads: 1000, readBytes: 20000 * 512, writes: 2000, writeBytes: 40000 * 512 },
      { device: 'nvme0n1', reads: 7, readBytes: 14 * 512, writes: 3, writeBytes: 6 * 512 },
    ]);
  });
  it('ignores garbage', () => {
    expect(parseDiskstats('not a diskstats file\n\n')).toEqual([]);
  });
});
