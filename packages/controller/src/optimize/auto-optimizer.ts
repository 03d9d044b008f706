import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryBackend } from '../query/types.js';
import { QueryMetricsReader } from './metrics.js';
import { type OptimizationResult, Optimizer, type OptimizerOptions } from './optimizer.js';
import { DiscoveredTargets, type StaticTargetConfig, StaticTargets, type TokenConfig } from './targets.js';
import type { OptimizationMode, SafetyLimits } from './types.js';

/** The seed's configuration, plus where to read metrics and find targets. */
export interface AutoOptimizerConfig {
  /** Fractions; missing ones default to CPU +20%, memory +10%, response time +50%, accuracy −5%. */
  safetyLimits?: Partial<SafetyLimits>;
  /** Evaluation period in ms (seed: 60000). */
  optimizationInterval?: number;
  /** Wait in ms between applying and verifying (default 10000). */
  verificationDelay?: number;
  /** Wait in ms before the second verification (default 30000). */
  reverifyDelay?: number;
  /** The metrics to read (embedded store or Prometheus). Without it the optimizer has nothing to act on. */
  backend?: QueryBackend;
  /** Configured targets; without them targets are discovered from `target_info` on the backend. */
  targets?: StaticTargetConfig[];
  tokens?: TokenConfig;
  /** Mode of every strategy (default `automatic`, as the seed's optimizer is). */
  mode?: OptimizationMode;
  /** Folder of the audit log (default a folder under the OS temp dir). */
  dataDir?: string;
  /** Any other option of the Optimizer. */
  advanced?: Partial<OptimizerOptions>;
}

/**
 * The seed's `AutoPerformanceOptimizer`: `new AutoPerformanceOptimizer({ safetyLimits,
 * optimizationInterval, verificationDelay })`, `start()`, `stop()`, and the events
 * `optimization-applied` (`result.improvement`) and `optimization-failed` (`error.message`).
 * A thin wrapper of {@link Optimizer}, which it exposes as `.optimizer`.
 */
export class AutoPerformanceOptimizer extends EventEmitter {
  readonly optimizer: Optimizer;

  constructor(config: AutoOptimizerConfig = {}) {
    super();
    const backend = config.backend;
    const noBackend: QueryBackend = {
      description: 'none',
      instant: async () => ({ resultType: 'vector', result: [] }),
      range: async () => ({ resultType: 'matrix', result: [] }),
      health: async () => ({
        status: 'unknown',
        backend: 'none',
        latencyMs: null,
        lastError: null,
        checkedAt: Date.now(),
      }),
    };
    const source = backend ?? noBackend;
    this.optimizer = new Optimizer({
      reader: new QueryMetricsReader(source),
      targets: config.targets
        ? new StaticTargets(config.targets, config.tokens)
        : new DiscoveredTargets(source, { tokens: config.tokens }),
      dataDir: config.dataDir ?? join(tmpdir(), 'claude-zen-optimizer'),
      safetyLimits: config.safetyLimits,
      intervalMs: config.optimizationInterval,
      verificationDelayMs: config.verificationDelay,
      reverifyDelayMs: config.reverifyDelay,
      defaultMode: config.mode ?? 'automatic',
      ...(config.advanced ?? {}),
    });
    for (const name of [
      'optimization-applied',
      'optimization-failed',
      'optimization-rolled-back',
      'optimization-started',
      'optimization-verified',
      'optimization-confirmed',
      'optimization-queued',
      'optimization-skipped',
      'decision',
    ]) {
      this.optimizer.on(name, (payload: Record<string, unknown>) => this.emit(name, payload));
    }
  }

  async start(): Promise<void> {
    this.optimizer.start();
  }

  /** Stops the loop; changes not yet confirmed are left to their leases (rolled back by the targets). */
  async stop(): Promise<void> {
    await this.optimizer.stop();
  }

  /** Runs one evaluation now (what the loop does every optimizationInterval). */
  async evaluateNow(): Promise<OptimizationResult[]> {
    const proposals = await this.optimizer.evaluate();
    return Promise.all(proposals.flatMap((p) => (p.decision === 'started' ? [p.result] : [])));
  }
}
