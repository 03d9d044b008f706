import type { AlertStateChange } from '../state/types.js';
import type { EnrichedAlert } from './types.js';

/** How long the first notification of a firing alert waits for its enrichment (default 2 s). */
export const DEFAULT_ENRICH_WAIT_MS = 2_000;

/** The enrichment if it finishes within `ms`, else undefined (the enrichment itself goes on). */
export async function waitForEnrichment(
  enrichment: Promise<EnrichedAlert>,
  ms: number,
): Promise<EnrichedAlert | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([enrichment.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The change as notified: annotations `root_causes` (a JSON list of `{ cause, confidence,
 * evidence }`, best first, at most 5), `recommendations` (one per line) and `impact`, so every
 * channel (Slack, email, webhook, Alertmanager) carries them. Without an enrichment (it did not
 * finish within `waitedMs`), `root_causes` says so instead of being silently absent.
 */
export function withEnrichment(
  change: AlertStateChange,
  enriched: EnrichedAlert | undefined,
  waitedMs: number,
): AlertStateChange {
  const annotations = { ...change.annotations };
  if (!enriched) {
    annotations.root_causes = `not known yet: the root-cause analysis did not finish within ${waitedMs} ms (GET /api/alerts shows it once done)`;
    return { ...change, annotations };
  }
  annotations.root_causes =
    enriched.rootCauses.length === 0
      ? 'none found: no candidate series moved with this one and no known cause held'
      : JSON.stringify(
          enriched.rootCauses.slice(0, 5).map((c) => ({
            cause: c.cause,
            confidence: Number(c.confidence.toFixed(2)),
            evidence: c.evidence,
          })),
        );
  if (enriched.recommendations.length > 0)
    annotations.recommendations = enriched.recommendations
      .slice(0, 5)
      .map((r) => `${r.title} (${r.priority}): ${r.actions.join('; ')}`)
      .join('\n');
  annotations.impact = `${enriched.impact.level}: ${enriched.impact.summary}`;
  return { ...change, annotations };
}
