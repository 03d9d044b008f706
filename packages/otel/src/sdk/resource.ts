import type { ResourceDetector } from '@opentelemetry/resources';

/** Resource attribute that tells a controller where this process' control endpoint listens. */
export const ATTR_CONTROL_URL = 'claude_zen.control.url';

/**
 * A detector whose `claude_zen.control.url` attribute settles once the control endpoint is
 * listening (its port may be chosen at run time). It becomes a label of `target_info`, so a
 * controller discovers each process' actuator from Prometheus.
 */
export function controlUrlDetector(url: Promise<string | undefined>): ResourceDetector {
  return {
    detect: () => ({ attributes: { [ATTR_CONTROL_URL]: url } }),
  };
}
