import type { TaskModel } from './mlp.js';

export interface BatchSettings {
  /** Most rows in one predict call. */
  maxBatch: number;
  /** Longest a request waits for others to join its batch. */
  maxWaitMs: number;
}

interface Pending {
  row: readonly number[];
  resolve: (score: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Scores task feature rows with the model. By default each request is one predict call; with
 * batching on (the batch-inference action) requests arriving within `maxWaitMs` share one call.
 * `padTo` (the slow-inference fault) pads every call to at least that many rows.
 */
export class Scorer {
  private batching?: BatchSettings;
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;
  padTo = 1;
  calls = 0;

  constructor(private readonly model: TaskModel) {}

  get batchSettings(): BatchSettings | undefined {
    return this.batching ? { ...this.batching } : undefined;
  }

  /** Turns batching on with these settings, or off with undefined; returns the previous settings. */
  setBatching(settings: BatchSettings | undefined): BatchSettings | undefined {
    const previous = this.batchSettings;
    this.batching = settings ? { ...settings } : undefined;
    if (!this.batching) this.flush();
    return previous;
  }

  score(row: readonly number[]): Promise<number> {
    if (!this.batching) {
      try {
        return Promise.resolve(this.run([row])[0]);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.batching && this.queue.length >= this.batching.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.batching?.maxWaitMs ?? 0);
    });
  }

  /** One predict call over these rows (padded to `padTo`); returns one score per given row. */
  run(rows: readonly (readonly number[])[]): number[] {
    const padded =
      rows.length >= this.padTo ? rows : [...rows, ...Array(this.padTo - rows.length).fill(rows[0])];
    this.calls++;
    return this.model.predict(padded).slice(0, rows.length);
  }

  /** Scores everything queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      const scores = this.run(batch.map((p) => p.row));
      for (const [i, p] of batch.entries()) p.resolve(scores[i]);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  stop(): void {
    this.setBatching(undefined);
  }
}
