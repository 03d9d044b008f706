import type { ThresholdParams } from '../../detect/threshold.js';
import type { TranslateContext } from './context.js';
import { num } from './promql.js';
import type { Translation } from './types.js';

/** `threshold`: the value against static levels; exact. */
export function translateThreshold({ params: p, v, rec }: TranslateContext<ThresholdParams>): Translation {
  const above = p.direction === 'above';
  const w = num(p.warning);
  const span =
    p.critical !== undefined && p.critical !== p.warning
      ? Math.abs(p.critical - p.warning)
      : Math.abs(p.warning) || 1;
  return {
    records: [
      { record: rec('expected'), expr: above ? `clamp_max(${v}, ${w})` : `clamp_min(${v}, ${w})` },
      { record: rec('lower'), expr: above ? rec('expected') : `${v} * 0 + ${w}` },
      { record: rec('upper'), expr: above ? `${v} * 0 + ${w}` : rec('expected') },
      {
        record: rec('score'),
        expr: `clamp_min(1 + (${above ? `${v} - ${w}` : `${w} - ${v}`}) / ${num(span)}, 0)`,
      },
    ],
    warning: above ? `${v} > ${w}` : `${v} < ${w}`,
    ...(p.critical === undefined ? {} : { critical: `${v} ${above ? '>=' : '<='} ${num(p.critical)}` }),
    approximations: [],
  };
}
