export { NAB_PROFILES, type NabProfile } from './profiles.js';
export {
  type NabOutcome,
  normalizeScore,
  nullScore,
  perfectScore,
  probationRows,
  type RowValue,
  rowValues,
  scaledSigmoid,
  scoreDetections,
} from './scoring.js';
export { type ScoredFile, type SweepResult, sweepThreshold } from './sweep.js';
export { parseNabTime, type RowWindow, windowsToRows } from './windows.js';
