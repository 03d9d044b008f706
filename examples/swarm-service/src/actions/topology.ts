import type { ActionDefinition } from '@claude-zen/otel';
import type { Topology } from '../config.js';
import type { Swarm } from '../swarm/swarm.js';

/** switch-topology: mesh ↔ hierarchical (or the one given). */
export function switchTopologyAction(swarm: Swarm): ActionDefinition<{ topology?: Topology }> {
  return {
    name: 'switch-topology',
    description:
      'Switches the swarm between mesh (every agent hears every assignment and result) and hierarchical (messages go through a lead agent): fewer messages per task, one more hop.',
    impact: 'medium',
    risk: 'low',
    parameters: {
      type: 'object',
      properties: { topology: { enum: ['mesh', 'hierarchical'] } },
      additionalProperties: false,
    },
    apply({ topology }) {
      const next = topology ?? (swarm.topology === 'mesh' ? 'hierarchical' : 'mesh');
      const before = swarm.setTopology(next);
      return {
        before: { topology: before },
        after: { topology: next },
        rollback: () => void swarm.setTopology(before),
      };
    },
  };
}
