import { type Labels, METRIC_NAME } from '../../model/labels.js';
import { PromQLError } from '../errors.js';
import type { StepSeries, VectorValue } from '../eval/values.js';
import { isValidUtf8 } from '../parse/lexical.js';
import { compileAnchored, expandTemplate } from './regex.js';

function setLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

export function labelReplace(
  input: VectorValue,
  dst: string,
  repl: string,
  src: string,
  regexStr: string,
): VectorValue {
  let re: RegExp;
  try {
    re = compileAnchored(regexStr);
  } catch {
    throw new PromQLError('execution', `invalid regular expression in label_replace(): ${regexStr}`);
  }
  if (!isValidUtf8(dst) || dst === '')
    throw new PromQLError('execution', `invalid destination label name in label_replace(): ${dst}`);
  const series: StepSeries[] = input.series.map((s) => {
    const m = re.exec(s.labels[src] ?? '');
    if (!m) return s;
    const labels = setLabel(s.labels, dst, expandTemplate(repl, m));
    return { ...s, labels, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return { kind: 'vector', series };
}

export function labelJoin(input: VectorValue, dst: string, sep: string, srcs: string[]): VectorValue {
  for (const s of srcs)
    if (!isValidUtf8(s))
      throw new PromQLError('execution', `invalid source label name in label_join(): ${s}`);
  if (!isValidUtf8(dst) || dst === '')
    throw new PromQLError('execution', `invalid destination label name in label_join(): ${dst}`);
  const series: StepSeries[] = input.series.map((s) => {
    const value = srcs.map((n) => s.labels[n] ?? '').join(sep);
    const labels = setLabel(s.labels, dst, value);
    return { ...s, labels, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  return { kind: 'vector', series };
}
