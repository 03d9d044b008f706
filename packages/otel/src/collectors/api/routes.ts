/**
 * Turns request paths into low-cardinality `http.route` templates. Configured templates
 * (`/users/:id`) win; otherwise id-like segments (numbers, UUIDs, long hex or mixed tokens)
 * become `:id`. At most `maxRoutes` distinct templates are kept; later new ones become `_other`,
 * so a flood of distinct URLs cannot grow memory or series without bound.
 */
export const OTHER_ROUTE = '_other';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{8,}$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function isIdSegment(seg: string): boolean {
  if (seg.length === 0) return false;
  if (NUMBER.test(seg) || UUID.test(seg) || HEX.test(seg)) return true;
  // long tokens mixing letters and digits (base64 ids, slugs with hashes)
  return seg.length >= 16 && /\d/.test(seg) && /[a-z]/i.test(seg);
}

interface Template {
  route: string;
  segments: string[];
}

export class RouteTemplater {
  private readonly templates: Template[];
  private readonly known = new Set<string>();
  private readonly cache = new Map<string, string>();
  private static readonly CACHE_LIMIT = 10_000;

  constructor(
    templates: readonly string[] = [],
    private readonly maxRoutes = 200,
  ) {
    this.templates = templates.map((route) => ({ route, segments: route.split('/') }));
  }

  /** The route template of a request URL (query string ignored). */
  route(url: string): string {
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached;
    let route = this.match(path) ?? this.generalize(path);
    if (!this.known.has(route)) {
      if (this.known.size >= this.maxRoutes) route = OTHER_ROUTE;
      else this.known.add(route);
    }
    if (this.cache.size >= RouteTemplater.CACHE_LIMIT) this.cache.clear();
    this.cache.set(path, route);
    return route;
  }

  get distinctRoutes(): number {
    return this.known.size;
  }

  private match(path: string): string | undefined {
    if (this.templates.length === 0) return undefined;
    const segs = path.split('/');
    outer: for (const t of this.templates) {
      if (t.segments.length !== segs.length) continue;
      for (let i = 0; i < segs.length; i++) {
        const p = t.segments[i];
        if (p.startsWith(':') || p === '*') continue;
        if (p !== segs[i]) continue outer;
      }
      return t.route;
    }
    return undefined;
  }

  private generalize(path: string): string {
    if (path.length > 512) return OTHER_ROUTE;
    const segs = path.split('/');
    let changed = false;
    for (let i = 0; i < segs.length; i++) {
      if (isIdSegment(segs[i])) {
        segs[i] = ':id';
        changed = true;
      }
    }
    return changed ? segs.join('/') : path || '/';
  }
}
