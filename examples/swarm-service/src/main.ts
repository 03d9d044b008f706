/**
 * The example swarm service. Start it with the preload, which adds every metric and the control
 * endpoint: `node --require @claude-zen/otel examples/swarm-service/dist/main.js`.
 */
import { loadConfig } from './config.js';
import { ServiceError } from './errors.js';
import { startService } from './service.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`swarm-service: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const service = await startService(config);
  process.stdout.write(
    `swarm-service listening on ${service.url} (${config.agents} agents, ${config.topology}, load ${config.loadRps} tasks/s)\n`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    service.stop().then(
      () => {
        process.stdout.write(`swarm-service stopped (${signal})\n`);
        process.exit(0);
      },
      (err) => {
        process.stderr.write(`swarm-service: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  const message =
    err instanceof ServiceError || err?.code === 'EADDRINUSE' ? err.message : String(err?.stack ?? err);
  process.stderr.write(`swarm-service: could not start: ${message}\n`);
  process.exit(1);
});
