import { describe, expect, it } from 'vitest';
import { match, type Route } from './router.js';

const ok = () => ({ status: 200, body: {} });
const routes: Route[] = [
  { method: 'GET', path: '/tasks/:id', handle: ok },
  { method: 'POST', path: '/tasks', handle: ok },
  { method: 'POST', path: '/faults/:name', handle: ok },
];

describe('match', () => {
  it('finds the route and decodes its parameters', () => {
    const m = match(routes, 'GET', '/tasks/a%20b');
    expect(m && 'route' in m && m.params).toEqual({ id: 'a b' });
    expect(match(routes, 'POST', '/tasks')).toMatchObject({ route: routes[1] });
  });

  it('tells which methods a known path accepts', () => {
    expect(match(routes, 'DELETE', '/tasks')).toEqual({ allowed: ['POST'] });
  });

  it('does not match empty parameters or unknown paths', () => {
    expect(match(routes, 'GET', '/tasks/')).toBeUndefined();
    expect(match(routes, 'GET', '/nope')).toBeUndefined();
  });
});
