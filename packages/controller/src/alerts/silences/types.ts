/** A label matcher in Alertmanager's shape: `isEqual: false` negates, `isRegex` anchors `value`. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** A silence: alerts whose labels match every matcher are suppressed from startsAt until endsAt. */
export interface Silence {
  id: string;
  matchers: Matcher[];
  /** ms since the epoch */
  startsAt: number;
  /** ms since the epoch; expiring a silence sets it to the time of expiry */
  endsAt: number;
  createdBy: string;
  comment: string;
}

/** What `POST /api/silences` and `SilenceStore.add` take (times as ms or ISO strings). */
export interface SilenceInput {
  matchers: unknown;
  startsAt?: number | string;
  endsAt: number | string;
  createdBy: string;
  comment: string;
}

/** A silence with its state at some time, as listed. */
export interface SilenceView extends Silence {
  status: 'pending' | 'active' | 'expired';
}
