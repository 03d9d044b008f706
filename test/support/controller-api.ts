import { waitFor } from './wait.js';

/** An answer of the controller's HTTP API: status and JSON body. */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function fetchJson(
  controllerUrl: string,
  path: string,
  init?: RequestInit,
): Promise<JsonAnswer> {
  const res = await fetch(`${controllerUrl}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** POST /-/reload with the controller's token. */
export function reloadRules(controllerUrl: string, token: string): Promise<JsonAnswer> {
  return fetchJson(controllerUrl, '/-/reload', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
}

/** Waits until /healthz answers 200 with the first rule healthy and over data; returns the body. */
export function waitForHealthyRule(
  controllerUrl: string,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  return waitFor(
    'a healthy first evaluation with data',
    async () => {
      const h = await fetchJson(controllerUrl, '/healthz');
      const rule = (h.body.rules as { series: number; health: string }[])[0];
      return h.status === 200 && rule.health === 'ok' && rule.series > 0 ? h.body : undefined;
    },
    timeoutMs,
  );
}

export interface AuditEntry {
  decision: string;
  action?: string;
  optimization: string;
  target: string;
  reason?: string;
}

/**
 * Waits (25 s, polling every 250 ms) until the audit log of /api/optimizations has a confirmed
 * optimization; returns that optimization's entries. The timeout error carries the whole log.
 */
export function waitForConfirmedOptimization(controllerUrl: string): Promise<AuditEntry[]> {
  return waitFor(
    'the audit log to say confirmed',
    async () => {
      const { body } = await fetchJson(controllerUrl, '/api/optimizations');
      const audit = body.audit as AuditEntry[];
      const c = audit.find((e) => e.decision === 'confirmed');
      return c ? audit.filter((e) => e.optimization === c.optimization) : undefined;
    },
    25_000,
    250,
  ).catch(async (e) => {
    throw new Error(
      `${e.message}; audit: ${JSON.stringify((await fetchJson(controllerUrl, '/api/optimizations')).body.audit)}`,
    );
  });
}
