import { registerSwarmManager } from '@claude-zen/otel';
import { registerServiceActions } from './actions/register.js';
import type { ServiceConfig } from './config.js';
import { CpuBurnFault } from './faults/cpu-burn.js';
import { ErrorsFault } from './faults/errors.js';
import { LatencyFault } from './faults/latency.js';
import { LeakFault } from './faults/leak.js';
import { FaultSet } from './faults/registry.js';
import { SlowInferenceFault } from './faults/slow-inference.js';
import { LoadGenerator } from './load/generator.js';
import { BufferPool } from './memory/pool.js';
import { TraceStore } from './memory/trace-store.js';
import { BackendControl } from './model/backend.js';
import { TaskModel } from './model/mlp.js';
import { Scorer } from './model/scorer.js';
import { OnlineTrainer } from './model/trainer.js';
import { apiRoutes } from './server/routes.js';
import { HttpServer } from './server/server.js';
import { Coordinator } from './swarm/coordinator.js';
import { swarmManager } from './swarm/manager.js';
import { Swarm } from './swarm/swarm.js';
import { TaskStore } from './swarm/tasks.js';
import { ToolClient } from './tools/tool-client.js';
import { ToolServer } from './tools/tool-server.js';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/** Builds and starts the whole service: model, swarm, faults, actions, HTTP API, loops. */
export async function startService(config: ServiceConfig): Promise<RunningService> {
  const backend = new BackendControl();
  await backend.init();
  const model = new TaskModel('task-scorer');
  backend.guard(model);
  await model.train(2);

  const scorer = new Scorer(model);
  const pool = new BufferPool();
  const swarm = new Swarm('swarm-1', config.topology, config.agents);
  const toolServer = new ToolServer();
  const tools = new ToolClient(await toolServer.start());
  const coordinator = new Coordinator(swarm, new TaskStore(), {
    pool,
    score: (row) => scorer.score(row),
    tool: (ms) => tools.call(ms),
  });
  const traces = new TraceStore(config.tracePoolMb * 1024 * 1024);
  const leak = new LeakFault(traces, config.leakMbPerSecond, config.leakMaxMb);
  const latency = new LatencyFault();
  const errors = new ErrorsFault();
  const faults = new FaultSet([
    leak,
    new CpuBurnFault(),
    latency,
    new SlowInferenceFault(scorer, backend),
    errors,
  ]);

  registerServiceActions({
    coordinator,
    backend,
    scorer,
    pool,
    traces,
    traceBytes: () => leak.samplesPerTrace * 8,
    tools,
  });
  const unregisterManager = registerSwarmManager(swarmManager(coordinator));

  const server = new HttpServer(
    apiRoutes({ coordinator, scorer, backend, faults, faultToken: config.faultToken, tools }),
    { latency, errors },
  );
  coordinator.start();
  const url = await server.start(config.host, config.port);
  const trainer = new OnlineTrainer(model, config.trainIntervalMs, 3, (err) =>
    process.stderr.write(`swarm-service: online training failed: ${(err as Error).message}\n`),
  );
  trainer.start();
  const load = new LoadGenerator(url, config.loadRps);
  load.start();

  return {
    url,
    async stop() {
      load.stop();
      trainer.stop();
      await faults.disableAll();
      await server.stop();
      await coordinator.stop();
      tools.stop();
      await toolServer.stop();
      scorer.stop();
      unregisterManager();
      await model.idle();
    },
  };
}
