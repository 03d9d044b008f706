import type { Labels } from '../../model/labels.js';
import { f64, HI, LO, u32 } from '../chunks/float-bits.js';
import { TsdbError } from '../errors.js';
import type { SeriesRefAppender } from '../types.js';
import type { Head } from './head.js';

let nextAppenderId = 1;

/**
 * Buffers samples in typed arrays until commit. Order is checked on append (against committed
 * data and this appender's own pending samples), so a bad sample throws at once and the
 * appender stays usable: everything appended before it is kept.
 */
export class HeadAppender implements SeriesRefAppender {
  private readonly head: Head;
  private readonly id = nextAppenderId++;
  private refs = new Int32Array(256);
  private ts = new Float64Array(256);
  private vbits = new Uint32Array(512);
  private n = 0;

  constructor(head: Head) {
    this.head = head;
  }

  ref(labels: Labels): number {
    return this.head.getOrCreateRef(labels);
  }

  append(labels: Labels, t: number, v: number): void {
    this.appendRef(this.head.getOrCreateRef(labels), t, v);
  }

  appendRef(ref: number, t: number, v: number): void {
    const s = this.head.seriesByRef(ref);
    if (s === undefined) {
      throw new TsdbError(
        'unknown_series_ref',
        `series ref ${ref} is unknown (the series may have been removed from the head); get a new ref with ref(labels)`,
      );
    }
    if (!Number.isSafeInteger(t)) {
      throw new TsdbError(
        'invalid_sample',
        `sample timestamp ${t} is not an integer number of milliseconds; round it`,
      );
    }
    f64[0] = v;
    const hi = u32[HI];
    const lo = u32[LO];
    let lastT: number;
    let lastHi: number;
    let lastLo: number;
    if (s.pendingOwner === this.id && s.pendingT > s.maxt) {
      lastT = s.pendingT;
      lastHi = s.pendingHi;
      lastLo = s.pendingLo;
    } else {
      lastT = s.maxt;
      lastHi = s.lastHi;
      lastLo = s.lastLo;
    }
    if (t <= lastT) {
      if (t === lastT && hi === lastHi && lo === lastLo) return;
      throw this.head.orderError(s.labels, t, lastT);
    }
    if (t < this.head.minValidTime) throw this.head.boundsError(s.labels, t);
    s.pendingOwner = this.id;
    s.pendingT = t;
    s.pendingHi = hi;
    s.pendingLo = lo;
    let n = this.n;
    if (n === this.refs.length) this.grow();
    this.refs[n] = ref;
    this.ts[n] = t;
    this.vbits[2 * n] = lo;
    this.vbits[2 * n + 1] = hi;
    this.n = ++n;
  }

  private grow(): void {
    const size = this.refs.length * 2;
    const refs = new Int32Array(size);
    refs.set(this.refs);
    const ts = new Float64Array(size);
    ts.set(this.ts);
    const vbits = new Uint32Array(size * 2);
    vbits.set(this.vbits);
    this.refs = refs;
    this.ts = ts;
    this.vbits = vbits;
  }

  /** Number of samples waiting for commit. */
  get pending(): number {
    return this.n;
  }

  commit(): void {
    const n = this.n;
    this.n = 0;
    if (n > 0) this.head.commitSamples(this.refs, this.ts, this.vbits, n, this.id);
  }

  rollback(): void {
    for (let i = 0; i < this.n; i++) {
      const s = this.head.seriesByRef(this.refs[i]);
      if (s && s.pendingOwner === this.id) s.pendingOwner = 0;
    }
    this.n = 0;
  }
}
