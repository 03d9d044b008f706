import type { EnrichedAlert } from './types.js';

/**
 * The latest enrichment of each alert by fingerprint, newest last; bounded (default 500). A
 * resolved alert keeps its enrichment with status `resolved` until pushed out.
 */
export class EnrichmentStore {
  private readonly byFingerprint = new Map<string, EnrichedAlert>();

  constructor(private readonly limit = 500) {}

  set(e: EnrichedAlert): void {
    const old = this.byFingerprint.get(e.fingerprint);
    if (old && old.at > e.at) return; // an older enrichment that finished late
    this.byFingerprint.delete(e.fingerprint);
    this.byFingerprint.set(e.fingerprint, e);
    while (this.byFingerprint.size > this.limit)
      this.byFingerprint.delete(this.byFingerprint.keys().next().value as string);
  }

  get(fingerprint: string): EnrichedAlert | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  markResolved(fingerprint: string, at: number): void {
    const e = this.byFingerprint.get(fingerprint);
    if (e && e.at <= at) e.status = 'resolved';
  }

  /** Newest first. */
  list(): EnrichedAlert[] {
    return [...this.byFingerprint.values()].reverse();
  }
}
