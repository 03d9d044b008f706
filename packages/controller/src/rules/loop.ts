import type { RuleManager } from './manager.js';

/**
 * Evaluates each rule of a manager every `intervalMs` of that rule, on the wall clock. One
 * evaluation of a rule at a time; a slow backend delays that rule, never stacks calls.
 */
export class EvaluationLoop {
  private timer: NodeJS.Timeout | null = null;
  private readonly nextAt = new Map<string, number>();
  private readonly running = new Set<string>();

  constructor(
    private readonly manager: RuleManager,
    private readonly opts: { tickMs?: number; now?: () => number } = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 1_000);
    this.timer.unref();
    this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const now = (this.opts.now ?? Date.now)();
    for (const rule of this.manager.rules()) {
      if (this.running.has(rule.name) || (this.nextAt.get(rule.name) ?? 0) > now) continue;
      this.nextAt.set(rule.name, now + rule.intervalMs);
      this.running.add(rule.name);
      void this.manager
        .evaluateRule(rule.name, Math.floor(now))
        .finally(() => this.running.delete(rule.name));
    }
  }
}
