import type { TaskModel } from './mlp.js';

/** Trains the model online every `intervalMs` (a few epochs on fresh synthetic data). */
export class OnlineTrainer {
  private timer?: NodeJS.Timeout;
  rounds = 0;

  constructor(
    private readonly model: TaskModel,
    private readonly intervalMs: number,
    private readonly epochs = 3,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.round(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async round(): Promise<void> {
    if (this.model.isTraining) return;
    try {
      await this.model.train(this.epochs);
      this.rounds++;
    } catch (err) {
      this.onError(err);
    }
  }
}
