/**
 * The seed's current metrics, read from the store. Every field is `undefined` when the store has
 * no data for it (never NaN). Units follow the seed: percentages 0..100 for system usage,
 * milliseconds for latencies, ratios 0..1 for rates of errors, efficiency and utilization.
 */
export interface CurrentMetrics {
  /** Evaluation time, ms since the epoch. */
  at: number;
  /** False when not one query could be answered (backend down or unreachable). */
  available: boolean;
  /** Queries that failed, by field (e.g. `system.cpu`). Missing data is not an error. */
  errors: { field: string; message: string }[];
  system: {
    /** Process CPU utilization, percent of one core (above 100 with several busy cores). */
    cpu?: number;
    /** Host memory in use, percent. */
    memory?: number;
    /** Fullest filesystem, percent. */
    disk?: number;
  };
  api: {
    /** p95 request duration over 1m, ms. */
    responseTime?: number;
    /** Requests per second. */
    throughput?: number;
    /** 5xx share of requests over 5m, 0..1. */
    errorRate?: number;
    concurrentRequests?: number;
  };
  memory: {
    heapUsed?: number;
    /** Heap in use after the last major GC (live data), bytes. */
    heapAfterGc?: number;
    rss?: number;
    /** True when the preload's leak signal is up. */
    leakSuspected?: boolean;
    heapGrowthBytesPerSecond?: number;
    /** Garbage collections per second over 5m. */
    gcRate?: number;
    /** Event-loop delay p99, ms. */
    eventLoopDelay?: number;
  };
  swarm: {
    activeSwarms?: number;
    totalAgents?: number;
    /** Share of agents busy, 0..1. */
    agentUtilization?: number;
    /** Coordination round trip, ms. */
    coordinationLatency?: number;
    /** 0..1 (worst swarm). */
    efficiency?: number;
    /** Tasks finished per second. */
    taskThroughput?: number;
    /** Failed share of finished tasks over 5m, 0..1. */
    failureRate?: number;
  };
  neural: {
    activeNetworks?: number;
    /** p95 inference duration over 5m, ms. */
    inferenceTime?: number;
    /** Inferences per second over 5m. */
    throughput?: number;
    /** Model accuracy, 0..1 (mean over models). */
    accuracy?: number;
    /** Memory held by models, bytes. */
    memoryUsage?: number;
    wasmAcceleration?: boolean;
  };
}

export type HealthLevel = 'good' | 'warning' | 'critical';

/** The seed's thresholds of one health component. Lower is better when good < critical. */
export interface HealthThresholds {
  good: number;
  warning: number;
  critical: number;
}

export type HealthComponent = 'cpu' | 'memory' | 'swarm' | 'api' | 'neural';

export interface ComponentScore {
  /** 0..100. */
  score: number;
  level: HealthLevel;
  value: number;
  /** Weight actually applied after renormalisation over the components with data. */
  weight: number;
}

export interface HealthScore {
  /** 0..100, undefined when no component has data. */
  overall: number | undefined;
  status: HealthLevel | 'unknown';
  components: Partial<Record<HealthComponent, ComponentScore>>;
  /** Components left out for lack of data; the weights of the rest were renormalised. */
  missing: HealthComponent[];
  /** True when some component was left out and the weights were scaled to sum to 1. */
  renormalised: boolean;
  lastUpdated: number;
}

/** A 0..100 score built from some inputs, with the inputs it used. */
export interface Score {
  score: number | undefined;
  /** The inputs that had data, each scored 0..100. */
  parts: Record<string, number>;
  missing: string[];
}
