import type { Fault } from './types.js';

/** Makes a share of API requests fail with 500. */
export class ErrorsFault implements Fault {
  readonly name = 'errors';
  readonly description = 'answers a share of API requests with HTTP 500';
  enabled = false;
  failed = 0;

  constructor(
    readonly share = 0.3,
    private readonly random: () => number = Math.random,
  ) {}

  enable(): void {
    this.enabled = true;
  }

  disable(): void {
    this.enabled = false;
  }

  /** Whether the current request should fail. */
  strike(): boolean {
    if (!this.enabled || this.random() >= this.share) return false;
    this.failed++;
    return true;
  }

  describe() {
    return { share: this.share, failed: this.failed };
  }
}
