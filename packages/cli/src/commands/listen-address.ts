import { CliError } from '../errors.js';

/** `host:port` (or `:port`, `[::1]:port`) → parts; 127.0.0.1 when the host is empty. */
export function parseListenAddress(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) {
    throw new CliError(`--listen ${JSON.stringify(value)} is not host:port; e.g. --listen 127.0.0.1:9090`, 2);
  }
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}
