import { randomUUID } from 'node:crypto';
import type { Task, TaskType } from './types.js';

interface Finished {
  at: number;
  status: 'completed' | 'failed';
  task: Task;
}

/** Tasks by id (the newest `maxTasks`), and finished tasks by time for the swarm manager. */
export class TaskStore {
  private readonly tasks = new Map<string, Task>();
  private finished: Finished[] = [];

  constructor(
    private readonly maxTasks = 10_000,
    private readonly keepFinishedMs = 15 * 60_000,
  ) {}

  create(type: TaskType, payload?: unknown, now = Date.now()): Task {
    const task: Task = { id: randomUUID(), type, payload, status: 'queued', submittedAt: now };
    this.tasks.set(task.id, task);
    if (this.tasks.size > this.maxTasks) {
      const oldest = this.tasks.keys().next().value;
      if (oldest !== undefined) this.tasks.delete(oldest);
    }
    return task;
  }

  get(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  /** Marks a task finished; its payload (up to a request body) is dropped, only the outcome is kept. */
  finish(task: Task, status: 'completed' | 'failed', now = Date.now()): void {
    task.status = status;
    task.finishedAt = now;
    task.payload = undefined;
    this.finished.push({ at: now, status, task });
    if (this.finished.length > this.maxTasks || now - this.finished[0].at > this.keepFinishedMs) {
      const cutoff = now - this.keepFinishedMs;
      this.finished = this.finished.filter((f) => f.at >= cutoff).slice(-this.maxTasks);
    }
  }

  /** Tasks that finished with `status` in [from, to] (ms since the epoch). */
  finishedBetween(from: number, to: number, status: 'completed' | 'failed'): Task[] {
    return this.finished.filter((f) => f.status === status && f.at >= from && f.at <= to).map((f) => f.task);
  }

  get size(): number {
    return this.tasks.size;
  }
}
