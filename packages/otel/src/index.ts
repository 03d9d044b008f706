export type * from './collectors/neural/types.js';
export type * from './collectors/swarm/types.js';
export type * from './control/types.js';
