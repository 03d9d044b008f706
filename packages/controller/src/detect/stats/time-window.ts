import type { Sample } from '../types.js';

/** Samples no older than `span` ms before the newest one, oldest first. */
export class TimeWindow {
  private items: Sample[] = [];
  private start = 0;

  constructor(readonly span: number) {}

  push(t: number, v: number): void {
    this.items.push({ t, v });
    const from = t - this.span;
    while (this.start < this.items.length && this.items[this.start].t < from) this.start++;
    if (this.start > 256 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  get size(): number {
    return this.items.length - this.start;
  }

  /** The kept samples, oldest first (a copy). */
  samples(): Sample[] {
    return this.items.slice(this.start);
  }
}
