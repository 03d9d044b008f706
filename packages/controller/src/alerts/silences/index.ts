export { SilenceError, type SilenceErrorCode } from './errors.js';
export { matcherMatches, matchesAll, parseMatcher, parseMatchers } from './matchers.js';
export { SilenceStore, type SilenceStoreOptions } from './store.js';
export { type AlertSuppression, suppressionOf } from './suppression.js';
export type { Matcher, Silence, SilenceInput, SilenceView } from './types.js';
export { parseSilence } from './validate.js';
