import { getDetector } from '../../detect/registry.js';
import type { Rule, RuleType } from '../types.js';
import type { TranslateContext } from './context.js';
import { translateComparative, translateDegradation } from './translate-baseline.js';
import { translateDynamicThreshold } from './translate-dynamic-threshold.js';
import { translatePredictive } from './translate-predictive.js';
import { translateThreshold } from './translate-threshold.js';
import { translateTrend } from './translate-trend.js';
import type { Translation } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: each translator takes its own detector's parameters
type Translator = (ctx: TranslateContext<any>) => Translation;

/** The rule types PromQL can express, and their translators. */
const TRANSLATORS: Partial<Record<RuleType, Translator>> = {
  threshold: translateThreshold,
  'dynamic-threshold': translateDynamicThreshold,
  'trend-analysis': translateTrend,
  predictive: translatePredictive,
  'performance-degradation': translateDegradation,
  'comparative-analysis': translateComparative,
};

/** Why a type is not exported (it stays in the controller). */
export const NOT_EXPRESSIBLE: Partial<Record<RuleType, string>> = {
  'ml-anomaly-detection':
    'an isolation forest (trained per series, refitted on a schedule) has no PromQL equivalent; the controller keeps evaluating it',
};

/** The translation of one rule, or the reason it cannot be translated. */
export function translateRule(
  rule: Rule,
  names: Pick<TranslateContext<unknown>, 'v' | 'rec'>,
): Translation | { skipped: string } {
  const translator = TRANSLATORS[rule.type];
  if (!translator)
    return { skipped: NOT_EXPRESSIBLE[rule.type] ?? `type ${rule.type} has no Prometheus translation` };
  const params = getDetector(rule.type).resolve(rule.params);
  return translator({ rule, params, ...names });
}
