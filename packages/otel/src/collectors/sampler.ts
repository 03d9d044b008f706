import { errorMessage, logOnce } from '../diag/log.js';

/**
 * A collector's sampling loop: runs `fn` every `intervalMs` on an unref'd timer (it never keeps
 * the host process alive), never overlapping itself, and isolating failures (logged once per
 * collector, the loop goes on).
 */
export class Sampler {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly fn: () => void | Promise<void>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs one sample now (tests, and the first sample at start). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.fn();
    } catch (err) {
      logOnce(`sampler:${this.name}`, `${this.name} collector failed (continuing): ${errorMessage(err)}`);
    } finally {
      this.running = false;
    }
  }
}
