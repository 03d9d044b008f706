/**
 * Results computed at most once per `ttlMs` per key, shared by concurrent callers (one query for
 * a hundred clients asking at once). A failed computation is not kept.
 */
export class SharedResults {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly maxKeys = 64) {}

  get<T>(key: string, ttlMs: number, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  /** Sets a fresh value (e.g. the live loop's reading, reused by REST). */
  set<T>(key: string, value: T, now = Date.now()): void {
    this.entries.set(key, { at: now, value: Promise.resolve(value) });
  }
}
