/**
 * Parses Linux /proc/diskstats (pure). Sectors are 512 bytes whatever the device's block size.
 * Partitions and virtual devices (loop, ram, dm-) are skipped so totals are not counted twice.
 */
export interface DiskCounters {
  device: string;
  readBytes: number;
  writeBytes: number;
  reads: number;
  writes: number;
}

const SKIP = /^(loop|ram|zram|dm-|sr|fd)/;

export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const device = f[2];
    if (SKIP.test(device)) continue;
    // whole disks only: sda (not sda1), vda, nvme0n1 (not nvme0n1p1), mmcblk0 (not mmcblk0p1)
    if (/^(sd|vd|xvd|hd)[a-z]+\d+$/.test(device) || /^(nvme\d+n\d+|mmcblk\d+)p\d+$/.test(device)) continue;
    out.push({
      device,
      reads: Number(f[3]),
      readBytes: Number(f[5]) * 512,
      writes: Number(f[7]),
      writeBytes: Number(f[9]) * 512,
    });
  }
  return out;
}
