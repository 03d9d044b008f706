import type { Server } from 'node:http';

/**
 * The preload's own HTTP servers (metrics, control). The API collector ignores requests to
 * them, so scrapes and control calls never show up in the application's HTTP metrics.
 */
export const internalServers = new WeakSet<Server>();
