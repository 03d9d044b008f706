// The optimizer's strategies name actions that the preload itself offers (trigger-gc,
// tune-http-agents); the parameters a strategy sends must pass that action's own schema, or every
// apply is refused with a 400 by the target.
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../packages/controller/src/optimize/strategies.js';
import { triggerGcAction } from '../packages/otel/src/control/actions/gc.js';
import { tuneHttpAgentsAction } from '../packages/otel/src/control/actions/http-agents.js';
import { compileSchema } from '../packages/otel/src/control/validation.js';

const BUILTIN = [triggerGcAction, tuneHttpAgentsAction];

describe('strategy actions offered by the preload', () => {
  for (const builtin of BUILTIN) {
    it(`${builtin.name}: every strategy sends parameters its schema accepts`, () => {
      const validate = compileSchema(builtin.parameters ?? { type: 'object' });
      const uses = Object.values(STRATEGIES).flatMap((s) => s.actions.filter((a) => a.name === builtin.name));
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) {
        const ok = validate(structuredClone(use.parameters ?? {}));
        expect(ok, JSON.stringify(validate.errors)).toBe(true);
      }
    });
  }
});
