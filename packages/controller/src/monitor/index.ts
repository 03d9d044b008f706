export {
  type ControllerConfig,
  type ControllerConfigInput,
  DEFAULT_RULES_FILE,
  isLoopbackHost,
  resolveControllerConfig,
} from './config.js';
export { MonitorError, type MonitorErrorCode } from './errors.js';
export { notificationsFromSeed, type SeedNotification } from './seed-notifications.js';
export { type SelfMetricsInput, selfMetricsText } from './self-metrics.js';
export { type ControllerHealth, ControllerService, type MonitorAlert } from './service.js';
export {
  openStorage,
  SELF_SCRAPE_JOB,
  type Storage,
  scrapeConfigText,
  selfScrapeConfigText,
} from './storage.js';
