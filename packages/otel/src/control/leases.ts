/** One unref'd timer per unconfirmed change; expiry calls back with the change id. */
export class LeaseTimers {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly onExpire: (id: string) => void) {}

  start(id: string, ms: number): void {
    this.cancel(id);
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      this.onExpire(id);
    }, ms);
    timer.unref();
    this.#timers.set(id, timer);
  }

  cancel(id: string): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
  }

  get size(): number {
    return this.#timers.size;
  }

  /** Stops every timer (the changes stay as they are). */
  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
