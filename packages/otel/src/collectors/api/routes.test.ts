import { describe, expect, it } from 'vitest';
import { OTHER_ROUTE, RouteTemplater } from './routes.js';

describe('RouteTemplater', () => {
  it('templates id-like segments and drops the query', () => {
    const r = new RouteTemplater();
    expect(r.route('/users/42?x=1')).toBe('/users/:id');
    expect(r.route('/tasks/3f2a9c1e-8b7d-4c2a-9f00-1234567890ab/result')).toBe('/tasks/:id/result');
    expect(r.route('/blobs/deadbeefcafe')).toBe('/blobs/:id');
    expect(r.route('/health')).toBe('/health');
    expect(r.route('/')).toBe('/');
  });
  it('prefers configured templates', () => {
    const r = new RouteTemplater(['/agents/:name/status']);
    expect(r.route('/agents/alice/status')).toBe('/agents/:name/status');
    expect(r.route('/agents/alice/other')).toBe('/agents/alice/other');
  });
  it('caps distinct routes so a flood of paths stays bounded', () => {
    const r = new RouteTemplater([], 5);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(r.route(`/page-${String.fromCharCode(97 + (i % 26))}${i}x`));
    expect(r.distinctRoutes).toBe(5);
    expect(seen.size).toBe(6);
    expect(seen.has(OTHER_ROUTE)).toBe(true);
  });
});
