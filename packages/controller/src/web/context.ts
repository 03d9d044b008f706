import type { onRequestHookHandler } from 'fastify';
import type { LiveMetrics } from '../health/live.js';
import type { ControllerConfig } from '../monitor/config.js';
import type { ControllerService } from '../monitor/service.js';
import type { SharedResults } from './cache.js';

/** What every route module gets: the service, its config, the token check, shared results. */
export interface WebContext {
  service: ControllerService;
  config: ControllerConfig;
  /** onRequest hook of every endpoint that changes something (bearer token). */
  guard: onRequestHookHandler;
  shared: SharedResults;
  /** The current metrics and health score, computed at most once per live interval. */
  live(): Promise<LiveMetrics>;
  /** Reads them now (the live feed's tick) and shares the reading with live(). */
  refreshLive(): Promise<LiveMetrics>;
}
