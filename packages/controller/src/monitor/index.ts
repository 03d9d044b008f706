export {
  type ControllerConfig,
  type ControllerConfigInput,
  DEFAULT_RULES_FILE,
  resolveControllerConfig,
} from './config.js';
export { MonitorError, type MonitorErrorCode } from './errors.js';
export { controllerHandler, listenControllerHttp } from './http.js';
export { notificationsFromSeed, type SeedNotification } from './seed-notifications.js';
export { type SelfMetricsInput, selfMetricsText } from './self-metrics.js';
export { type ControllerHealth, ControllerService, type MonitorAlert } from './service.js';
export { openStorage, type Storage, scrapeConfigText } from './storage.js';
