interface Entry {
  /** When the computation of `value` started. */
  at: number;
  value: Promise<unknown>;
  settled: boolean;
  /** A newer computation is running (the value is still served meanwhile). */
  refreshing: boolean;
}

/**
 * Results computed at most once per `ttlMs` per key and shared by every caller (one set of queries
 * for a hundred clients asking at once). Past its TTL a result is still answered while a fresh one
 * is computed in the background (stale-while-revalidate), up to `staleFactor` × TTL old; older, or
 * on the first call, callers wait for the computation. A failed computation is not kept.
 */
export class SharedResults {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxKeys = 64,
    private readonly staleFactor = 3,
  ) {}

  get<T>(key: string, ttlMs: number, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      const age = now - hit.at;
      if (age < ttlMs || !hit.settled) return hit.value as Promise<T>;
      if (age < ttlMs * this.staleFactor) {
        if (!hit.refreshing) {
          hit.refreshing = true;
          this.compute(key, compute, now).catch(() => {
            hit.refreshing = false;
          });
        }
        return hit.value as Promise<T>;
      }
    }
    return this.compute(key, compute, now);
  }

  /** Computes now (a periodic producer, e.g. the live feed); callers get it once it is ready. */
  refresh<T>(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit?.settled) hit.refreshing = true;
    return this.compute(key, compute, now).finally(() => {
      if (hit) hit.refreshing = false;
    });
  }

  private compute<T>(key: string, compute: () => Promise<T>, now: number): Promise<T> {
    const value = compute();
    const entry: Entry = { at: now, value, settled: false, refreshing: false };
    const previous = this.entries.get(key);
    // a background refresh replaces the served value only once it succeeded
    if (!previous?.refreshing) this.entries.set(key, entry);
    value.then(
      () => {
        entry.settled = true;
        this.entries.delete(key);
        this.entries.set(key, entry);
        this.trim();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  private trim(): void {
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}
