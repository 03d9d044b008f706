import { applySensitivity } from '../detect/sensitivity.js';
import type { RawParams } from '../detect/types.js';
import { formatRuleDuration } from './duration.js';
import { RuleError } from './errors.js';
import { validateRuleDocument } from './schema.js';
import type { Rule } from './types.js';

/**
 * A rule as the seed's `IntelligentAlertManager` writes it: `alertRules.set(name, {...})` and
 * `addRule(name, {...})`. Durations are in ms, thresholds are per-type objects.
 */
export interface SeedRuleDefinition {
  metric?: string;
  query?: string;
  type: string;
  /** threshold: warning and critical levels (critical below warning means "lower is worse"). */
  warning?: number;
  critical?: number;
  baselineWindow?: number;
  analysisWindow?: number;
  /** dynamic-threshold: `{ warning: '2-sigma', critical: '3-sigma' }`. */
  thresholds?: { warning?: string | number; critical?: string | number };
  threshold?: {
    growthRate?: number;
    confidence?: number;
    degradation?: number;
    duration?: number;
    anomalyScore?: number;
    frequency?: number;
    slowdown?: number;
  };
  model?: string;
  comparison?: string;
  cooldown?: number;
  actions?: string[];
}

/** Seed aliases whose drop (not rise) is the degradation. */
const LOWER_IS_WORSE = new Set(['swarm.efficiency', 'swarm.throughput', 'api.throughput', 'neural.accuracy']);

function sigma(x: string | number | undefined): number | undefined {
  if (typeof x === 'number') return x;
  const m = typeof x === 'string' ? /^(\d+(?:\.\d+)?)-sigma$/.exec(x) : null;
  return m ? Number(m[1]) : undefined;
}

function dur(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : formatRuleDuration(ms);
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Converts a seed rule into a validated Rule; throws RuleError naming the rule and field. */
export function ruleFromSeed(name: string, def: SeedRuleDefinition, sensitivity?: number): Rule {
  const t = def.threshold ?? {};
  const lowerIsWorse = def.metric !== undefined && LOWER_IS_WORSE.has(def.metric);
  let params: Record<string, unknown> = {};
  let minOccurrences: Record<string, unknown> | undefined;
  switch (def.type) {
    case 'threshold':
      params = {
        warning: def.warning,
        critical: def.critical,
        direction:
          def.warning !== undefined && def.critical !== undefined && def.critical < def.warning
            ? 'below'
            : 'above',
      };
      break;
    case 'dynamic-threshold':
      params = {
        baselineWindow: dur(def.baselineWindow),
        warningSigma: sigma(def.thresholds?.warning),
        criticalSigma: sigma(def.thresholds?.critical),
      };
      break;
    case 'trend-analysis':
      params = {
        window: dur(def.analysisWindow),
        period: dur(def.analysisWindow),
        growthThreshold: t.growthRate,
        minConfidence: t.confidence,
      };
      break;
    case 'performance-degradation':
      params = {
        baselineWindow: dur(def.baselineWindow),
        sustain: dur(t.duration),
        threshold: t.degradation,
        direction: lowerIsWorse ? 'lower-is-worse' : 'higher-is-worse',
      };
      break;
    case 'ml-anomaly-detection':
      params = { threshold: t.anomalyScore };
      if (t.frequency !== undefined) minOccurrences = { count: t.frequency, within: '10m' };
      break;
    case 'comparative-analysis':
      params = {
        ratio: t.slowdown,
        recentWindow: dur(t.duration),
        direction: lowerIsWorse ? 'lower-is-worse' : 'higher-is-worse',
      };
      if (def.baselineWindow !== undefined) params.baselineWindow = dur(def.baselineWindow);
      break;
    default:
      params = {};
  }
  const rule = compact({
    name,
    metric: def.query === undefined ? def.metric : undefined,
    query: def.query,
    type: def.type,
    params:
      sensitivity === undefined
        ? compact(params)
        : applySensitivity(def.type, compact(params) as RawParams, sensitivity),
    cooldown: dur(def.cooldown),
    actions: def.actions,
    min_occurrences: minOccurrences,
  });
  const { rules, problems } = validateRuleDocument({ rules: [rule] }, `addRule(${JSON.stringify(name)})`);
  if (problems.length) throw new RuleError('invalid_rules', problems);
  return rules[0];
}
