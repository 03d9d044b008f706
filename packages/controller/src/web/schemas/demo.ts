import { arr, bool, obj, oneOf, type Schema, str } from './common.js';

export const FAULT_NAMES = ['leak', 'cpu', 'latency', 'slow-inference', 'errors'] as const;

export const faultsResponseSchema: Schema = obj({ faults: arr(obj({ name: str, enabled: bool }, ['name'])) });

export const faultParams: Schema = {
  type: 'object',
  properties: { name: oneOf(FAULT_NAMES) },
  required: ['name'],
};

export const faultBodySchema: Schema = {
  type: 'object',
  properties: { enabled: bool },
  required: ['enabled'],
  additionalProperties: false,
};

export const faultResponseSchema: Schema = obj({ name: str, enabled: bool }, ['name', 'enabled']);
