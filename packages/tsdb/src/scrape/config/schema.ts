/** One job of `scrape_configs`, with defaults applied and durations in ms. */
export interface ScrapeJobConfig {
  jobName: string;
  intervalMs: number;
  timeoutMs: number;
  metricsPath: string;
  scheme: 'http' | 'https';
  honorLabels: boolean;
  honorTimestamps: boolean;
  /** Maximum samples per scrape; more fails the scrape (0 = no limit). */
  sampleLimit: number;
  staticConfigs: TargetGroup[];
  fileSdConfigs: FileSdConfig[];
}

/** A group of targets sharing labels, as in static_configs and file SD files. */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
  /** Where the group came from (file path or `static:<job>`), for messages. */
  source?: string;
}

export interface FileSdConfig {
  /** Paths; the last element may hold a `*` glob (`targets/*.json`). */
  files: string[];
  refreshIntervalMs: number;
}

export interface ScrapeConfig {
  globalIntervalMs: number;
  globalTimeoutMs: number;
  jobs: ScrapeJobConfig[];
}
