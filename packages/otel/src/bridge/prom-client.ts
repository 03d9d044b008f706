import { errorMessage, logOnce } from '../diag/log.js';

interface PromRegistry {
  metrics(): Promise<string> | string;
}

/**
 * Finds the prom-client default registries the application has loaded (without loading
 * prom-client itself) and returns their text output, minus families the preload already exports.
 */
export class PromClientBridge {
  private registries: PromRegistry[] = [];
  private scannedCacheSize = -1;

  private discover(): PromRegistry[] {
    const cache = require.cache;
    const size = Object.keys(cache).length;
    if (size === this.scannedCacheSize) return this.registries;
    this.scannedCacheSize = size;
    const found: PromRegistry[] = [];
    for (const [file, mod] of Object.entries(cache)) {
      if (!mod || !/[\\/]node_modules[\\/]prom-client[\\/]index\.js$/.test(file)) continue;
      const register = (mod.exports as { register?: PromRegistry } | undefined)?.register;
      if (register && typeof register.metrics === 'function' && !found.includes(register))
        found.push(register);
    }
    this.registries = found;
    return found;
  }

  async render(skipFamilies: Set<string>): Promise<string> {
    let out = '';
    for (const registry of this.discover()) {
      try {
        out += filterFamilies(await registry.metrics(), skipFamilies);
      } catch (err) {
        logOnce('prom-client-bridge', `prom-client registry could not be read: ${errorMessage(err)}`);
      }
    }
    return out;
  }
}

/** Drops every line of the families named in `skip` (by their # HELP / # TYPE / sample names). */
export function filterFamilies(text: string, skip: Set<string>): string {
  if (skip.size === 0) return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  let out = '';
  let dropping = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const name = line.slice(7, line.indexOf(' ', 7) >>> 0);
      dropping = skip.has(name);
    } else if (!line.startsWith('#')) {
      const end = line.search(/[{ ]/);
      const sample = end < 0 ? line : line.slice(0, end);
      const family = sample.replace(/_(bucket|sum|count|total|created)$/, '');
      dropping = skip.has(sample) || skip.has(family);
    }
    if (!dropping) out += `${line}\n`;
  }
  return out;
}
