import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { readAuditLog } from '../../optimize/audit.js';
import { TargetControl } from '../../optimize/control.js';
import { OptimizeError } from '../../optimize/errors.js';
import type { Optimizer, Proposal } from '../../optimize/optimizer.js';
import { rankActions } from '../../optimize/strategies.js';
import type { OptimizationTarget, StrategyName } from '../../optimize/types.js';
import type { WebContext } from '../context.js';
import { WebError } from '../errors.js';
import { errors, MUTATING_ERRORS } from '../schemas/common.js';
import {
  approveResponseSchema,
  optimizationIdParams,
  optimizationsResponseSchema,
  optimizeBodySchema,
  optimizeResponseSchema,
  rollbackResponseSchema,
} from '../schemas/optimizations.js';

function needOptimizer(ctx: WebContext): Optimizer {
  const o = ctx.service.optimizer;
  if (!o)
    throw new WebError(
      'conflict',
      'optimization is off: start the controller with --optimization recommend or automatic',
    );
  return o;
}

function proposalView(p: Proposal): Record<string, unknown> {
  if (p.decision === 'skipped') return { decision: 'skipped', reason: p.reason };
  return {
    decision: p.decision,
    optimization: p.candidate.id,
    action: p.candidate.action.name,
    target: p.candidate.target.id,
    ...(p.decision === 'queued' ? { reason: p.explanation } : {}),
  };
}

/** What a strategy would do on a target, without asking the policy or changing anything. */
async function dryRun(
  optimizer: Optimizer,
  strategy: StrategyName,
  target: OptimizationTarget,
  actions: readonly string[] | undefined,
): Promise<Record<string, unknown>> {
  try {
    const advertised = await new TargetControl(target).actions();
    const ranked = rankActions(optimizer.strategy(strategy), advertised).filter(
      (r) => actions === undefined || actions.includes(r.action.name),
    );
    if (!ranked[0])
      return { target: target.id, decision: 'skipped', reason: `${target.id} offers none of the actions` };
    return {
      target: target.id,
      decision: 'dry-run',
      action: ranked[0].action.name,
      alternatives: ranked.slice(1).map((r) => r.action.name),
      reason: `would apply ${ranked[0].action.name} (${ranked[0].advertised.description}) if the policy allows`,
    };
  } catch (e) {
    return { target: target.id, decision: 'skipped', reason: (e as Error).message };
  }
}

/** GET /api/optimizations, POST /api/optimizations/:id/approve|rollback, POST /api/optimize. */
export function registerOptimizationRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/api/optimizations',
    {
      schema: {
        summary: 'Optimization results (newest first), recommendations waiting for approval, the audit trail',
        tags: ['optimizations'],
        response: { 200: optimizationsResponseSchema },
      },
    },
    async () => {
      const optimizer = ctx.service.optimizer;
      const audit = optimizer && existsSync(optimizer.auditPath) ? readAuditLog(optimizer.auditPath) : [];
      return {
        mode: ctx.config.optimization.mode,
        results: ctx.service.optimizations(),
        pending: optimizer?.pending() ?? [],
        audit: audit.slice(-500),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/optimizations/:id/approve',
    {
      onRequest: ctx.guard,
      schema: {
        summary:
          'Approve a recommendation waiting in recommend mode: it starts now if the policy allows (bearer token)',
        tags: ['optimizations'],
        security: [{ bearer: [] }],
        params: optimizationIdParams,
        response: { 200: approveResponseSchema, ...errors(...MUTATING_ERRORS, 404, 409) },
      },
    },
    async (req) => {
      const optimizer = needOptimizer(ctx);
      try {
        const p = await optimizer.approve(req.params.id);
        if (p.decision === 'started') p.result.catch(() => {}); // its outcome arrives as events
        return { status: 'success', ...proposalView(p) };
      } catch (e) {
        if (e instanceof OptimizeError && e.code === 'unknown_optimization')
          throw new WebError('not_found', `id: ${e.message}`);
        throw e;
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/optimizations/:id/rollback',
    {
      onRequest: ctx.guard,
      schema: {
        summary: 'Roll back a change the optimizer applied (bearer token)',
        tags: ['optimizations'],
        security: [{ bearer: [] }],
        params: optimizationIdParams,
        response: { 200: rollbackResponseSchema, ...errors(...MUTATING_ERRORS, 404, 409, 502) },
      },
    },
    async (req) => {
      const optimizer = needOptimizer(ctx);
      try {
        return { status: 'success', result: await optimizer.rollback(req.params.id) };
      } catch (e) {
        if (e instanceof OptimizeError && e.code === 'unknown_optimization')
          throw new WebError('not_found', `id: ${e.message}`);
        throw new WebError('bad_gateway', `rollback of ${req.params.id} failed: ${(e as Error).message}`);
      }
    },
  );

  app.post<{ Body: { strategy: StrategyName; actions?: string[]; target?: string; dryRun?: boolean } }>(
    '/api/optimize',
    {
      onRequest: ctx.guard,
      schema: {
        summary:
          'Run a strategy now on the matching targets: the trigger is skipped, the safety policy, cooldown and verification are not (bearer token)',
        tags: ['optimizations'],
        security: [{ bearer: [] }],
        body: optimizeBodySchema,
        response: { 200: optimizeResponseSchema, ...errors(...MUTATING_ERRORS, 404, 409) },
      },
    },
    async (req) => {
      const optimizer = needOptimizer(ctx);
      const { strategy, actions, target, dryRun: dry = false } = req.body;
      if (actions) {
        const known = optimizer.strategy(strategy).actions.map((a) => a.name);
        const unknown = actions.filter((a) => !known.includes(a));
        if (unknown.length)
          throw new WebError(
            'bad_data',
            `actions: ${unknown.join(', ')} not part of the ${strategy} strategy; use ${known.join(', ')}`,
          );
      }
      const all = await optimizer.listTargets();
      const targets = target
        ? all.filter((t) => t.id === target || t.selector.instance === target || t.selector.job === target)
        : all;
      if (targets.length === 0)
        throw new WebError(
          'not_found',
          target
            ? `target: no target ${JSON.stringify(target)}; known: ${all.map((t) => t.id).join(', ') || 'none'}`
            : 'target: no target with a control endpoint is known yet; wait for a scrape or configure targets',
        );
      const decisions: Record<string, unknown>[] = [];
      for (const t of targets) {
        if (dry) {
          decisions.push(await dryRun(optimizer, strategy, t, actions));
          continue;
        }
        const p = await optimizer.propose(
          strategy,
          t,
          { kind: 'manual', reason: 'requested over the API', metric: optimizer.strategy(strategy).goal },
          actions,
        );
        if (p.decision === 'started') p.result.catch(() => {});
        decisions.push({ target: t.id, ...proposalView(p) });
      }
      return { status: 'success', strategy, dryRun: dry, mode: ctx.config.optimization.mode, decisions };
    },
  );
}
