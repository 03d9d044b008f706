import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ControlError } from './errors.js';

/** One validator instance for request bodies and action parameters (strict, no coercion). */
const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
  coerceTypes: false,
  logger: false,
});

export type Validator = ValidateFunction;

/** Compiles a schema; throws what is wrong with it. */
export function compileSchema(schema: Record<string, unknown>): Validator {
  return ajv.compile(schema);
}

/** Validates `value` (mutating it to fill defaults); throws a 400 naming each bad field. */
export function assertValid(validate: Validator, value: unknown, root: string): void {
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e) => describeProblem(e, root));
  throw new ControlError('invalid_request', [...new Set(problems)].join('; '));
}

function describeProblem(e: ErrorObject, root: string): string {
  const field = `${root}${e.instancePath.replace(/\//g, '.')}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${field}.${p.missingProperty} is required`;
    case 'additionalProperties':
      return `${field}.${p.additionalProperty} is not allowed (unknown field)`;
    case 'type':
      return `${field} must be ${p.type}`;
    case 'enum':
      return `${field} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minProperties':
      return `${field} must have at least ${p.limit} field(s)`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}
