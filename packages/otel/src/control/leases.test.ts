import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LeaseTimers } from './leases.js';

const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('LeaseTimers', () => {
  it('fires once per lease, never holds the process open, and stop clears every timer', async () => {
    const fired: string[] = [];
    const leases = new LeaseTimers((id) => fired.push(id));
    const idle = timeouts();
    leases.start('a', 30);
    leases.start('b', 60_000);
    leases.start('c', 60_000);
    // unref'd: running leases never keep the host process alive
    expect(timeouts()).toBe(idle);
    leases.start('c', 60_000); // restarting replaces, not adds
    expect(leases.size).toBe(3);
    leases.cancel('b');
    await sleep(80);
    expect(fired).toEqual(['a']);
    expect(leases.size).toBe(1);
    leases.start('d', 30);
    leases.stop();
    expect(leases.size).toBe(0);
    await sleep(80);
    expect(fired).toEqual(['a']);
  });
});
