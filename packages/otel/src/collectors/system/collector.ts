import { readFile, statfs } from 'node:fs/promises';
import type { Meter } from '@opentelemetry/api';
import { HostMetrics } from '@opentelemetry/host-metrics';
import { Sampler } from '../sampler.js';
import type { Collector, CollectorContext } from '../types.js';
import { type DiskCounters, parseDiskstats } from './diskstats.js';
import {
  ATTR_DEVICE,
  ATTR_DISK_DIRECTION,
  ATTR_FS_MOUNTPOINT,
  ATTR_FS_STATE,
  DISK_IO,
  DISK_OPERATIONS,
  FILESYSTEM_USAGE,
  FILESYSTEM_UTILIZATION,
} from './names.js';

export interface SystemCollectorOptions extends CollectorContext {
  meterProvider: import('@opentelemetry/api').MeterProvider;
  /** host-metrics groups: all of them by default. */
  hostGroups?: string[];
  /** Filesystem to report (default: the one holding the working directory). */
  path?: string;
}

interface FsUsage {
  used: number;
  free: number;
  total: number;
}

/**
 * System metrics: CPU, memory and network of the host and the process from
 * `@opentelemetry/host-metrics` (computed at collection), plus disk usage and disk I/O sampled
 * on this collector's interval (statfs of the working directory's filesystem, /proc/diskstats).
 */
export class SystemCollector implements Collector {
  readonly name = 'system';
  private readonly sampler: Sampler;
  private readonly host: HostMetrics;
  private started = false;
  private fs?: FsUsage;
  private disks: DiskCounters[] = [];
  private readonly path: string;

  constructor(options: SystemCollectorOptions) {
    this.path = options.path ?? process.cwd();
    this.host = new HostMetrics({
      meterProvider: options.meterProvider,
      name: '@claude-zen/otel/system',
      metricGroups: options.hostGroups,
    });
    this.registerDisk(options.meter);
    this.sampler = new Sampler('system', options.intervalMs, () => this.sample());
  }

  start(): void {
    if (!this.started) this.host.start();
    this.started = true;
    this.sampler.start();
  }

  stop(): void {
    this.sampler.stop();
  }

  async sample(): Promise<void> {
    const s = await statfs(this.path);
    const total = s.blocks * s.bsize;
    const free = s.bavail * s.bsize;
    this.fs = { total, free, used: total - s.bfree * s.bsize };
    if (process.platform === 'linux') {
      this.disks = parseDiskstats(await readFile('/proc/diskstats', 'utf8').catch(() => ''));
    }
  }

  private registerDisk(meter: Meter): void {
    meter
      .createObservableUpDownCounter(FILESYSTEM_USAGE, {
        description: 'Filesystem space used and free.',
        unit: 'By',
      })
      .addCallback((r) => {
        if (!this.fs) return;
        r.observe(this.fs.used, { [ATTR_FS_STATE]: 'used', [ATTR_FS_MOUNTPOINT]: this.path });
        r.observe(this.fs.free, { [ATTR_FS_STATE]: 'free', [ATTR_FS_MOUNTPOINT]: this.path });
      });
    meter
      .createObservableGauge(FILESYSTEM_UTILIZATION, {
        description: 'Share of the filesystem in use.',
        unit: '1',
      })
      .addCallback((r) => {
        if (this.fs && this.fs.total > 0)
          r.observe(this.fs.used / this.fs.total, { [ATTR_FS_MOUNTPOINT]: this.path });
      });
    meter
      .createObservableCounter(DISK_IO, { description: 'Bytes read from and written to disks.', unit: 'By' })
      .addCallback((r) => {
        for (const d of this.disks) {
          r.observe(d.readBytes, { [ATTR_DEVICE]: d.device, [ATTR_DISK_DIRECTION]: 'read' });
          r.observe(d.writeBytes, { [ATTR_DEVICE]: d.device, [ATTR_DISK_DIRECTION]: 'write' });
        }
      });
    meter
      .createObservableCounter(DISK_OPERATIONS, {
        description: 'Disk read and write operations.',
        unit: '{operation}',
      })
      .addCallback((r) => {
        for (const d of this.disks) {
          r.observe(d.reads, { [ATTR_DEVICE]: d.device, [ATTR_DISK_DIRECTION]: 'read' });
          r.observe(d.writes, { [ATTR_DEVICE]: d.device, [ATTR_DISK_DIRECTION]: 'write' });
        }
      });
  }
}
