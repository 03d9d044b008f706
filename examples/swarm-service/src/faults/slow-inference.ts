import type { BackendControl } from '../model/backend.js';
import type { Scorer } from '../model/scorer.js';
import type { Fault } from './types.js';

/**
 * Makes inference slow the way a misconfigured model server is: forces the cpu backend and pads
 * every predict call to a large batch. Enabling WASM (the enable-wasm action) or batching requests
 * relieves it. Disabling the fault removes the padding and leaves the backend as it is: backends
 * are switched by actions, which have their own rollbacks.
 */
export class SlowInferenceFault implements Fault {
  readonly name = 'slow-inference';
  readonly description = 'forces the tfjs cpu backend and pads every predict call to a large batch';
  enabled = false;
  private previousPad = 1;

  constructor(
    private readonly scorer: Scorer,
    private readonly backend: BackendControl,
    private readonly padTo = 256,
  ) {}

  async enable(): Promise<void> {
    if (this.enabled) return;
    this.enabled = true;
    this.previousPad = this.scorer.padTo;
    this.scorer.padTo = this.padTo;
    await this.backend.use('cpu');
  }

  disable(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.scorer.padTo = this.previousPad;
  }

  describe() {
    return { padTo: this.padTo, backend: this.backend.current() };
  }
}
