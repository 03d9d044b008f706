import type { ActionDefinition } from '@claude-zen/otel';
import type { Coordinator } from '../swarm/coordinator.js';

/** rebalance-agents: idle agents take waiting tasks of any role (work stealing). */
export function rebalanceAgentsAction(coordinator: Coordinator): ActionDefinition {
  return {
    name: 'rebalance-agents',
    description:
      'Lets idle agents take waiting tasks of other roles instead of leaving them queued for the matching role.',
    impact: 'medium',
    risk: 'low',
    apply() {
      const before = coordinator.rebalance;
      coordinator.rebalance = true;
      coordinator.dispatch();
      return {
        before: { rebalance: before },
        after: { rebalance: true },
        rollback: () => {
          coordinator.rebalance = before;
        },
      };
    },
  };
}
