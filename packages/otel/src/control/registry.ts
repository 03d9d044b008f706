import { ControlError } from './errors.js';
import type { ActionDefinition, ActionDescriptor, Level, ParametersSchema } from './types.js';
import { compileSchema, type Validator } from './validation.js';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const LEVELS: readonly Level[] = ['low', 'medium', 'high'];
const EMPTY_PARAMETERS: ParametersSchema = { type: 'object', additionalProperties: false };

/** Names the built-in actions use; apps cannot register them. */
export const BUILTIN_ACTION_NAMES: readonly string[] = [
  'trigger-gc',
  'tune-http-agents',
  'capture-heap-snapshot',
  'capture-cpu-profile',
];

export interface RegisteredAction {
  definition: ActionDefinition;
  parameters: ParametersSchema;
  validate: Validator;
  builtin: boolean;
}

/**
 * Actions by name. A registry may sit on a parent (the app's registry): lookups fall through to it,
 * so actions an app registers after the server started are still found.
 */
export class ActionRegistry {
  readonly #own = new Map<string, RegisteredAction>();

  constructor(private readonly parent?: ActionRegistry) {}

  /** Adds an action; throws a clear error on a bad name, level, schema or a duplicate. */
  register<P = Record<string, unknown>>(definition: ActionDefinition<P>, builtin = false): void {
    const def = definition as unknown as ActionDefinition;
    const name = checkDefinition(def);
    if (!builtin && BUILTIN_ACTION_NAMES.includes(name)) {
      throw new ControlError('invalid_action', `action name "${name}" is reserved for a built-in action`);
    }
    if (this.get(name)) {
      throw new ControlError(
        'invalid_action',
        `action "${name}" is already registered; names must be unique`,
      );
    }
    const parameters = def.parameters ?? EMPTY_PARAMETERS;
    let validate: Validator;
    try {
      validate = compileSchema(parameters);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ControlError('invalid_action', `parameters schema of action "${name}" is invalid: ${why}`);
    }
    this.#own.set(name, { definition: def, parameters, validate, builtin });
  }

  /** Removes an action registered here (not in the parent); true when it existed. */
  unregister(name: string): boolean {
    return this.#own.delete(name);
  }

  get(name: string): RegisteredAction | undefined {
    return this.#own.get(name) ?? this.parent?.get(name);
  }

  names(): string[] {
    return this.list().map((a) => a.name);
  }

  list(): ActionDescriptor[] {
    const all = new Map<string, RegisteredAction>();
    for (const [name, a] of this.parent?.entries() ?? []) all.set(name, a);
    for (const [name, a] of this.#own) all.set(name, a);
    return [...all.values()]
      .map(({ definition: d, parameters, builtin }) => ({
        name: d.name,
        description: d.description,
        impact: d.impact,
        risk: d.risk,
        parameters,
        builtin,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Own and inherited actions. */
  entries(): [string, RegisteredAction][] {
    return [...(this.parent?.entries() ?? []), ...this.#own];
  }
}

function checkDefinition(def: ActionDefinition): string {
  if (!def || typeof def !== 'object')
    throw new ControlError('invalid_action', 'an action must be an object');
  const { name } = def;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ControlError(
      'invalid_action',
      `action name ${JSON.stringify(name)} must be kebab-case (lowercase letters and digits joined by "-", e.g. "switch-topology")`,
    );
  }
  if (typeof def.description !== 'string' || def.description.trim() === '') {
    throw new ControlError('invalid_action', `action "${name}" needs a description`);
  }
  for (const key of ['impact', 'risk'] as const) {
    if (!LEVELS.includes(def[key])) {
      throw new ControlError('invalid_action', `action "${name}": ${key} must be one of low, medium, high`);
    }
  }
  if (typeof def.apply !== 'function') {
    throw new ControlError('invalid_action', `action "${name}" needs an apply(params) function`);
  }
  if (def.parameters !== undefined && (typeof def.parameters !== 'object' || def.parameters === null)) {
    throw new ControlError('invalid_action', `action "${name}": parameters must be a JSON Schema object`);
  }
  return name;
}

/** Where apps register their actions, before or after the control server starts. */
export const actions = new ActionRegistry();

/** Registers an app action on the `actions` singleton. */
export function registerAction<P = Record<string, unknown>>(definition: ActionDefinition<P>): void {
  actions.register(definition);
}
