import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TraceStore } from '../memory/trace-store.js';
import { CpuBurnFault } from './cpu-burn.js';
import { ErrorsFault } from './errors.js';
import { LatencyFault } from './latency.js';
import { LeakFault } from './leak.js';
import { FaultSet } from './registry.js';

describe('faults', () => {
  it('leak records traces into the store (on the heap) up to its cap and frees them when disabled', async () => {
    const store = new TraceStore();
    const leak = new LeakFault(store, 10, 1, 10); // 10 MB/s in 10 ms ticks (~100 KiB each), at most 1 MB
    leak.enable();
    await sleep(60);
    const early = leak.retainedBytes;
    expect(early).toBeGreaterThan(0);
    await sleep(200);
    expect(leak.retainedBytes).toBeGreaterThan(early);
    expect(leak.retainedBytes).toBeLessThanOrEqual(1024 * 1024 + 110_000);
    expect(store.size).toBeGreaterThan(1);
    leak.disable();
    expect(leak.retainedBytes).toBe(0);
    expect(leak.enabled).toBe(false);
  });

  it('a pooled trace store stops growing: new traces recycle the oldest slots', () => {
    const store = new TraceStore(10 * 800); // room for 10 traces of 100 samples
    for (let i = 0; i < 25; i++) store.add(100, () => i);
    expect(store.size).toBe(25);
    expect(store.pool(800)).toBe(false);
    expect(store.size).toBe(10);
    const bytes = store.retainedBytes;
    for (let i = 0; i < 50; i++) store.add(100, () => i);
    expect(store.size).toBe(10);
    expect(store.retainedBytes).toBe(bytes);
    expect(store.recycled).toBe(50);
    store.unpool();
    store.add(100, () => 0);
    expect(store.size).toBe(11);
  });

  it('cpu burns the main thread on a timer', async () => {
    const cpu = new CpuBurnFault(20, 25);
    const before = process.cpuUsage();
    cpu.enable();
    const deadline = Date.now() + 5000;
    while (cpu.burnedMs < 60 && Date.now() < deadline) await sleep(10);
    cpu.disable();
    const used = process.cpuUsage(before);
    const usedMs = (used.user + used.system) / 1000;
    expect(cpu.burnedMs).toBeGreaterThanOrEqual(60);
    // a busy loop, not a sleep: the process really used CPU (less than wall time on a busy machine)
    expect(usedMs).toBeGreaterThan(cpu.burnedMs / 4);
  });

  it('errors fails the configured share of requests, latency delays them', () => {
    const values = [0.1, 0.5, 0.29];
    const errors = new ErrorsFault(0.3, () => values.shift() ?? 1);
    expect(errors.strike()).toBe(false); // off: no request fails
    errors.enable();
    expect([errors.strike(), errors.strike(), errors.strike()]).toEqual([true, false, true]);
    expect(errors.failed).toBe(2);
    const latency = new LatencyFault(200, 400, () => 0.5);
    expect(latency.delayMs()).toBe(0);
    latency.enable();
    expect(latency.delayMs()).toBe(300);
  });

  it('the set switches faults by name and rejects unknown names with the list', async () => {
    const latency = new LatencyFault();
    const set = new FaultSet([latency]);
    await set.set('latency', true);
    expect(set.list()).toMatchObject([{ name: 'latency', enabled: true }]);
    await expect(set.set('flood', true)).rejects.toThrow(
      'unknown fault "flood": use one of leak, cpu, latency, slow-inference, errors',
    );
    await set.disableAll();
    expect(latency.enabled).toBe(false);
    const cpu = new CpuBurnFault(1, 1000);
    const withCpu = new FaultSet([cpu]);
    await withCpu.set('cpu-burn', true); // the CPU burn answers to cpu and cpu-burn
    expect(cpu.enabled).toBe(true);
    await withCpu.set('cpu', false);
    expect(cpu.enabled).toBe(false);
  });
});
