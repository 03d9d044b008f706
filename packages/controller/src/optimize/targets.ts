import type { QueryBackend } from '../query/types.js';
import { OptimizeError } from './errors.js';
import type { OptimizationTarget } from './types.js';

/** Where the optimizer finds processes with a control endpoint. */
export interface TargetSource {
  list(): Promise<OptimizationTarget[]>;
}

/** Tokens per target: by control URL, by instance label, or one default. */
export interface TokenConfig {
  default?: string;
  byUrl?: Record<string, string>;
  byInstance?: Record<string, string>;
}

export function tokenFor(tokens: TokenConfig, controlUrl: string, instance?: string): string | undefined {
  const url = normalizeUrl(controlUrl);
  return (
    tokens.byUrl?.[url] ??
    tokens.byUrl?.[controlUrl] ??
    (instance === undefined ? undefined : tokens.byInstance?.[instance]) ??
    tokens.default
  );
}

function normalizeUrl(u: string): string {
  return u.endsWith('/') ? u.slice(0, -1) : u;
}

/** A configured target: control URL, token, and the labels of its series. */
export interface StaticTargetConfig {
  controlUrl: string;
  token?: string;
  selector?: Record<string, string>;
  id?: string;
}

/** A fixed list of targets from the configuration. */
export class StaticTargets implements TargetSource {
  private readonly targets: OptimizationTarget[];

  constructor(configs: StaticTargetConfig[], tokens: TokenConfig = {}) {
    this.targets = configs.map((c, i) => {
      const url = parseControlUrl(c.controlUrl, `targets[${i}].controlUrl`);
      return {
        id: c.id ?? c.selector?.instance ?? url,
        controlUrl: url,
        token: c.token ?? tokenFor(tokens, url, c.selector?.instance),
        selector: c.selector ?? {},
      };
    });
  }

  async list(): Promise<OptimizationTarget[]> {
    return this.targets.map((t) => ({ ...t, selector: { ...t.selector } }));
  }
}

export interface DiscoveryOptions {
  tokens?: TokenConfig;
  /**
   * Hosts a discovered control URL may point at (the URL comes from a monitored process, so it is
   * untrusted: the token is only sent to these). Default: loopback names.
   */
  allowedHosts?: string[];
  /** Called with discovered URLs that were refused, and why. */
  onRejected?: (url: string, reason: string) => void;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Targets from the `target_info` series of the query backend: each series with a
 * `claude_zen_control_url` label is a target, selected by its `job` and `instance`.
 */
export class DiscoveredTargets implements TargetSource {
  constructor(
    private readonly backend: QueryBackend,
    private readonly opts: DiscoveryOptions = {},
  ) {}

  async list(): Promise<OptimizationTarget[]> {
    const res = await this.backend.instant('target_info{claude_zen_control_url!=""}', Date.now());
    if (res.resultType !== 'vector') return [];
    const allowed = this.opts.allowedHosts ?? LOOPBACK;
    const seen = new Map<string, OptimizationTarget>();
    for (const s of res.result) {
      const raw = s.metric.claude_zen_control_url as string;
      let url: string;
      try {
        url = parseControlUrl(raw, 'claude_zen_control_url');
      } catch (e) {
        this.opts.onRejected?.(raw, (e as Error).message);
        continue;
      }
      const host = new URL(url).host.replace(/:\d+$/, '');
      if (!allowed.includes(host)) {
        this.opts.onRejected?.(raw, `host ${host} is not in allowedHosts (${allowed.join(', ')})`);
        continue;
      }
      const selector: Record<string, string> = {};
      if (s.metric.job !== undefined) selector.job = s.metric.job;
      if (s.metric.instance !== undefined) selector.instance = s.metric.instance;
      const id = selector.instance ?? url;
      if (seen.has(id)) continue;
      seen.set(id, {
        id,
        controlUrl: url,
        token: tokenFor(this.opts.tokens ?? {}, url, selector.instance),
        selector,
      });
    }
    return [...seen.values()];
  }
}

/** A control URL: http(s), no credentials, no trailing slash. */
export function parseControlUrl(raw: string, field: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OptimizeError('invalid_config', `${field}: "${raw}" is not a URL; use http://host:port`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new OptimizeError('invalid_config', `${field}: "${raw}" must be http:// or https://`);
  }
  if (u.username || u.password) {
    throw new OptimizeError('invalid_config', `${field}: put the token in the tokens config, not in the URL`);
  }
  return normalizeUrl(`${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`);
}
