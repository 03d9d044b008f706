#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerApiCommands } from './commands/api.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerDetectCommand } from './commands/detect.js';
import { registerMonitorCommands } from './commands/monitor.js';
import { registerMonitorAnalyzeCommand } from './commands/monitor-analyze.js';
import { registerMonitorDashboardCommand } from './commands/monitor-dashboard.js';
import { registerMonitorHealthCommand } from './commands/monitor-health.js';
import { registerMonitorMemoryCommand } from './commands/monitor-memory.js';
import { registerOptimizeCommand } from './commands/optimize.js';
import { registerPromqlCommands } from './commands/promql.js';
import { registerRulesCommands } from './commands/rules.js';
import { registerSwarmCommands } from './commands/swarm.js';
import { registerTsdbCommands } from './commands/tsdb.js';
import { registerWebCommands } from './commands/web.js';
import { CliError, describeError } from './errors.js';

const program = new Command('claude-zen')
  .description(
    'claude-zen monitor: performance monitoring and safe auto-optimization for Node.js agent swarms',
  )
  .version('0.1.0')
  .exitOverride()
  .showSuggestionAfterError()
  .configureOutput({
    // One line, with where to look: "claude-zen: required option '--data <dir>' not specified; see --help".
    outputError: (str, write) =>
      write(`claude-zen: ${str.split('\n')[0].replace(/^error: /, '')}; see --help\n`),
  });

registerTsdbCommands(program);
registerPromqlCommands(program);
registerDetectCommand(program);
registerRulesCommands(program);
registerMonitorCommands(program);
const monitor = program.commands.find((c) => c.name() === 'monitor') as Command;
registerMonitorDashboardCommand(monitor);
registerMonitorHealthCommand(monitor);
registerMonitorAnalyzeCommand(monitor);
registerMonitorMemoryCommand(monitor);
registerOptimizeCommand(program);
registerSwarmCommands(program);
registerApiCommands(program);
registerWebCommands(program);
registerDemoCommands(program);

async function main(): Promise<void> {
  if (process.argv.length <= 2) {
    program.outputHelp();
    process.exitCode = 2;
    return;
  }
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; everything else commander rejects is a usage error.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`claude-zen: ${describeError(e)}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  }
}

void main();
