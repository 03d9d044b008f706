/** Mean inference time per job and instance over 4 s, as the neural-performance test rules judge it. */
export const MEAN_INFERENCE =
  'sum by (job, instance) (rate(claude_zen_neural_inference_duration_seconds_sum[4s])) / sum by (job, instance) (rate(claude_zen_neural_inference_duration_seconds_count[4s]))';

/**
 * A rule file of one threshold rule, neural-performance, on MEAN_INFERENCE (evaluated every
 * second, firing after 4 s pending, so that the optimizer's 3 s baseline window holds only samples
 * of the established fault, not its onset; on a loaded machine a baseline taken at the first
 * crossing understated the fault and made a working enable-wasm look like a loss): warning above `warning` s, critical above `critical` s, fixed by
 * enable-wasm; `labels` added to its alerts.
 */
export function neuralRuleFile(
  warning: number,
  critical: number,
  labels: Record<string, string> = {},
): string {
  const labelLines = Object.entries(labels).map(([k, v]) => `      ${k}: ${v}\n`);
  return `
interval: 1s
rules:
  - name: neural-performance
    query: '${MEAN_INFERENCE}'
    type: threshold
    params:
      warning: ${warning}
      critical: ${critical}
      direction: above
    for: 4s
${labelLines.length ? `    labels:\n${labelLines.join('')}` : ''}    annotations:
      summary: "Inference on {{ $labels.instance }} takes {{ humanize $value }}s"
    actions: [enable-wasm]
`;
}

/**
 * The level the slow-inference fault crosses and the idle service does not: three times the
 * median of the idle values, within [4 ms, 10 ms].
 */
export function slowLevel(idle: number[]): number {
  const sorted = [...idle].sort((a, b) => a - b);
  return Math.min(0.01, Math.max(0.004, 3 * sorted[Math.floor(sorted.length / 2)]));
}
