import type { ScrapeJobConfig, TargetGroup } from './config/schema.js';

/**
 * Final labels of a sample: the target's labels merged in as Prometheus does.
 * honor_labels: the sample's labels win, target labels fill the gaps.
 * Otherwise the target's win and clashing sample labels are kept as `exported_<name>`.
 * Empty values count as absent and are dropped.
 */
export function mergeSampleLabels(
  sample: Record<string, string>,
  target: Readonly<Record<string, string>>,
  honorLabels: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in sample) if (sample[k] !== '') out[k] = sample[k];
  if (honorLabels) {
    for (const k in target) if (out[k] === undefined) out[k] = target[k];
    return out;
  }
  for (const k in target) {
    const clash = out[k];
    if (clash !== undefined) {
      let name = `exported_${k}`;
      while (out[name] !== undefined) name = `exported_${name}`;
      out[name] = clash;
    }
    out[k] = target[k];
  }
  return out;
}

export interface TargetDefinition {
  url: string;
  /** The labels every series of the target gets (job, instance, group labels). */
  labels: Record<string, string>;
  /** Labels before finalization, as Prometheus lists them (`__address__`, ...). */
  discoveredLabels: Record<string, string>;
}

/** Targets of one group under a job: `job` and `instance` defaulted like Prometheus. */
export function targetsOfGroup(job: ScrapeJobConfig, group: TargetGroup): TargetDefinition[] {
  return group.targets.map((address) => {
    const discoveredLabels: Record<string, string> = {
      __address__: address,
      __metrics_path__: job.metricsPath,
      __scheme__: job.scheme,
      job: job.jobName,
      ...group.labels,
    };
    const labels: Record<string, string> = { job: job.jobName, instance: address, ...group.labels };
    for (const k of Object.keys(labels)) if (k.startsWith('__') || labels[k] === '') delete labels[k];
    return { url: `${job.scheme}://${address}${job.metricsPath}`, labels, discoveredLabels };
  });
}
