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
  ATTR_NET_DIRECTION,
  ATTR_NET_INTERFACE,
  DISK_IO,
  DISK_OPERATIONS,
  FILESYSTEM_USAGE,
  FILESYSTEM_UTILIZATION,
  NETWORK_DROPPED,
  NETWORK_ERRORS,
  NETWORK_IO,
} from './names.js';
import { type NetCounters, parseNetDev } from './netdev.js';

export interface SystemCollectorOptions extends CollectorContext {
  meterProvider: import('@opentelemetry/api').MeterProvider;
  /** host-metrics groups (default: CPU and memory of host and process; network is read here). */
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
 * System metrics: CPU and memory of the host and the process from `@opentelemetry/host-metrics`
 * (computed at collection), plus disk usage, disk I/O and network I/O sampled on this
 * collector's interval (statfs of the working directory's filesystem, /proc/diskstats,
 * /proc/net/dev — asynchronous reads, nothing spawned).
 */
export class SystemCollector implements Collector {
  readonly name = 'system';
  private readonly sampler: Sampler;
  private readonly host: HostMetrics;
  private started = false;
  private fs?: FsUsage;
  private disks: DiskCounters[] = [];
  private nets: NetCounters[] = [];
  private readonly path: string;

  constructor(options: SystemCollectorOptions) {
    this.path = options.path ?? process.cwd();
    this.host = new HostMetrics({
      meterProvider: options.meterProvider,
      name: '@claude-zen/otel/system',
      // systeminformation's network probe spawns `ip route` synchronously at every collection,
      // which stalls the host's event loop; network counters come from /proc/net/dev instead.
      metricGroups: options.hostGroups ?? ['system.cpu', 'system.memory', 'process.cpu', 'process.memory'],
    });
    this.registerDisk(options.meter);
    if (!options.hostGroups) this.registerNetwork(options.meter);
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
      const [disk, net] = await Promise.all([
        readFile('/proc/diskstats', 'utf8').catch(() => ''),
        readFile('/proc/net/dev', 'utf8').catch(() => ''),
      ]);
      this.disks = parseDiskstats(disk);
      this.nets = parseNetDev(net);
    }
  }

  private registerNetwork(meter: Meter): void {
    const counter = (
      name: string,
      description: string,
      unit: string,
      rx: keyof NetCounters,
      tx: keyof NetCounters,
    ) =>
      meter.createObservableCounter(name, { description, unit }).addCallback((r) => {
        for (const n of this.nets) {
          r.observe(n[rx] as number, { [ATTR_NET_INTERFACE]: n.device, [ATTR_NET_DIRECTION]: 'receive' });
          r.observe(n[tx] as number, { [ATTR_NET_INTERFACE]: n.device, [ATTR_NET_DIRECTION]: 'transmit' });
        }
      });
    counter(NETWORK_IO, 'Bytes received and sent per interface.', 'By', 'rxBytes', 'txBytes');
    counter(NETWORK_ERRORS, 'Network errors per interface.', '{error}', 'rxErrors', 'txErrors');
    counter(NETWORK_DROPPED, 'Dropped packets per interface.', '{packet}', 'rxDropped', 'txDropped');
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
