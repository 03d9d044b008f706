import type { AlertState, AlertStateChange } from '../state/types.js';

/** A state change as recorded in `history.jsonl`. */
export interface ChangeEntry {
  type: 'change';
  recordedAt: number;
  change: AlertStateChange;
}

/** The outcome of delivering one state change to one channel. */
export interface DeliveryEntry {
  type: 'delivery';
  recordedAt: number;
  channel: string;
  fingerprint: string;
  to: AlertState;
  /** `at` of the state change delivered: with fingerprint and `to`, it identifies the change. */
  changeAt: number;
  outcome: 'sent' | 'dead_letter';
  attempts: number;
}

export type HistoryEntry = ChangeEntry | DeliveryEntry;

/** A notification given up on, as recorded in `dead-letter.jsonl`. */
export interface DeadLetter {
  recordedAt: number;
  channel: string;
  fingerprint: string;
  to: AlertState;
  changeAt: number;
  attempts: number;
  error: string;
  change: AlertStateChange;
}

export interface HistoryQuery {
  /** Only changes into this state. */
  status?: AlertState;
  /** Only changes at or after this time (ms since the epoch). */
  since?: number;
  /** At most this many, newest first (default 100). */
  limit?: number;
  fingerprint?: string;
}
