import type { FastifyInstance } from 'fastify';
import { type Labels, labelsKey } from '../../model/labels.js';
import type { Matcher } from '../../storage/types.js';
import { ApiError } from '../errors.js';
import { multi, parseTimeParam } from '../params.js';
import { parseSeriesSelector } from '../selector.js';
import type { ApiServerOptions } from '../types.js';
import { params, success } from './common.js';

const MIN_TIME = -8_640_000_000_000_000; // the widest range a JS Date can hold
const MAX_TIME = 8_640_000_000_000_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function range(p: Record<string, unknown>): [number, number] {
  return [parseTimeParam('start', p.start, MIN_TIME), parseTimeParam('end', p.end, MAX_TIME)];
}

function selectors(p: Record<string, unknown>): Matcher[][] {
  return multi(p['match[]']).map((m) => parseSeriesSelector(m));
}

function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    const va = a[ka[i]];
    const vb = b[kb[i]];
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}

function sortedUnion(lists: Iterable<string[]>): string[] {
  const set = new Set<string>();
  for (const l of lists) for (const v of l) set.add(v);
  return [...set].sort();
}

/** `/api/v1/series`, `/api/v1/labels`, `/api/v1/label/<name>/values`. */
export function registerMetadataRoutes(app: FastifyInstance, opts: ApiServerOptions): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/series',
    handler: async (req, reply) => {
      const p = params(req);
      const sets = selectors(p);
      if (sets.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
      const [start, end] = range(p);
      const querier = opts.queryable.querier(start, end);
      const out = new Map<string, Labels>();
      for (const matchers of sets) {
        for (const s of querier.select(matchers, start, end)) {
          const key = labelsKey(s.labels);
          if (!out.has(key)) out.set(key, { ...s.labels });
        }
      }
      return success(reply, [...out.values()].sort(compareLabels));
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/labels',
    handler: async (req, reply) => {
      const p = params(req);
      const sets = selectors(p);
      const [start, end] = range(p);
      const querier = opts.queryable.querier(start, end);
      const names =
        sets.length === 0 ? querier.labelNames() : sortedUnion(sets.map((m) => querier.labelNames(m)));
      return success(reply, names);
    },
  });

  app.get<{ Params: { name: string } }>('/api/v1/label/:name/values', async (req, reply) => {
    const name = req.params.name;
    if (!LABEL_NAME.test(name)) throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(name)}`);
    const p = params(req);
    const sets = selectors(p);
    const [start, end] = range(p);
    const querier = opts.queryable.querier(start, end);
    const values =
      sets.length === 0
        ? querier.labelValues(name)
        : sortedUnion(sets.map((m) => querier.labelValues(name, m)));
    return success(reply, values);
  });
}
