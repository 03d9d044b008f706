import type { ActionDefinition } from '@claude-zen/otel';
import type { ToolClient } from '../tools/tool-client.js';

/** connection-pooling: the agents' tool calls reuse a pool of open connections. */
export function connectionPoolingAction(client: ToolClient): ActionDefinition<{ maxConnections?: number }> {
  return {
    name: 'connection-pooling',
    description:
      "Keeps up to maxConnections connections to the agents' tool backend open and reuses them, instead of opening and closing a TCP connection for every tool call.",
    impact: 'medium',
    risk: 'low',
    parameters: {
      type: 'object',
      properties: { maxConnections: { type: 'integer', minimum: 1, maximum: 64 } },
      additionalProperties: false,
    },
    apply({ maxConnections = 8 }) {
      const before = client.setPooling({ maxConnections });
      return {
        before: { pooling: before ?? null, connectionsOpened: client.opened },
        after: { pooling: { maxConnections } },
        rollback: () => void client.setPooling(before),
      };
    },
  };
}
