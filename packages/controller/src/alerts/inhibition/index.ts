export { loadInhibitRulesFile } from './file.js';
export { inhibited, inhibitor } from './inhibited.js';
export { DEFAULT_INHIBIT_RULES, parseInhibitRules } from './rules.js';
export type { InhibitCandidate, InhibitRule } from './types.js';
