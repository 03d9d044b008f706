import type { Rule } from '../types.js';

/** What a type translator is given: the rule, its resolved detector parameters and its names. */
export interface TranslateContext<P> {
  rule: Rule;
  params: P;
  /** The recorded value series of the rule's query. */
  v: string;
  /** The name of another recorded series of this rule (`rec('upper')`). */
  rec: (what: string) => string;
}
