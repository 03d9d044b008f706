export { type AuthOptions, isCrossSite, requireBearer } from './auth.js';
export { SharedResults } from './cache.js';
export type { WebContext } from './context.js';
export { type ErrorBody, errorBody, WebError, type WebErrorCode } from './errors.js';
export { alertEvent, anomalyEvent, LiveFeed } from './live.js';
export { BODY_LIMIT, buildWebApp, startWebServer, type WebServer } from './server.js';
export { DASHBOARD_PAGES, PUBLIC_DIR } from './static.js';
