export const TASK_TYPES = ['research', 'code', 'review', 'test', 'analysis', 'design'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const ROLES = ['researcher', 'coder', 'reviewer', 'tester', 'analyst', 'architect'] as const;
export type Role = (typeof ROLES)[number];

/** The role whose agents take a task type first. */
export const ROLE_FOR_TASK: Record<TaskType, Role> = {
  research: 'researcher',
  code: 'coder',
  review: 'reviewer',
  test: 'tester',
  analysis: 'analyst',
  design: 'architect',
};

export type TaskStatus = 'queued' | 'running' | 'completed' | 'failed';
export type AgentStatus = 'idle' | 'busy' | 'offline';

export interface Task {
  id: string;
  type: TaskType;
  payload?: unknown;
  status: TaskStatus;
  submittedAt: number;
  startedAt?: number;
  finishedAt?: number;
  agentId?: string;
  result?: { score: number };
  error?: string;
}
