/** Swarm instruments (project namespace `claude_zen.swarm`). */
export const SWARM_ACTIVE = 'claude_zen.swarm.active';
export const SWARM_AGENTS = 'claude_zen.swarm.agents';
export const SWARM_TASKS = 'claude_zen.swarm.tasks';
export const SWARM_TASK_DURATION = 'claude_zen.swarm.task.duration';
export const SWARM_AGENT_UTILIZATION = 'claude_zen.swarm.agent.utilization';
export const SWARM_COORDINATION_LATENCY = 'claude_zen.swarm.coordination.latency';
export const SWARM_MESSAGES = 'claude_zen.swarm.messages';
export const SWARM_MESSAGE_BYTES = 'claude_zen.swarm.messages.size';
export const SWARM_EFFICIENCY = 'claude_zen.swarm.efficiency';
export const SWARM_THROUGHPUT = 'claude_zen.swarm.task.throughput';

export const ATTR_SWARM_ID = 'claude_zen.swarm.id';
export const ATTR_SWARM_TOPOLOGY = 'claude_zen.swarm.topology';
export const ATTR_AGENT_STATUS = 'claude_zen.agent.status';
export const ATTR_AGENT_ROLE = 'claude_zen.agent.role';
export const ATTR_TASK_STATUS = 'claude_zen.task.status';
export const ATTR_TASK_TYPE = 'claude_zen.task.type';

export const TASK_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
