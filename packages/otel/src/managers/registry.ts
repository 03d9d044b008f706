import type { NeuralManagerLike } from '../collectors/neural/types.js';
import type { SwarmManagerLike } from '../collectors/swarm/types.js';

/**
 * Managers the app registers; collectors read them at collection time. Duck-typed on the
 * seed's interfaces: anything with getActiveSwarms() / getActiveNetworks() works.
 */
export const managers = {
  swarm: new Set<SwarmManagerLike>(),
  neural: new Set<NeuralManagerLike>(),
};

export function registerSwarmManager(manager: SwarmManagerLike): () => void {
  if (!manager || typeof manager.getActiveSwarms !== 'function')
    throw new TypeError('registerSwarmManager: the manager needs a getActiveSwarms() method');
  managers.swarm.add(manager);
  return () => managers.swarm.delete(manager);
}

export function registerNeuralManager(manager: NeuralManagerLike): () => void {
  if (!manager || typeof manager.getActiveNetworks !== 'function')
    throw new TypeError('registerNeuralManager: the manager needs a getActiveNetworks() method');
  managers.neural.add(manager);
  return () => managers.neural.delete(manager);
}
