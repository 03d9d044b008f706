/**
 * JSON-schema building blocks of the API. Every route declares its querystring, params, body and
 * responses with these; @fastify/swagger turns them into the OpenAPI document. Numbers that can
 * be NaN or infinite in the controller are sent as null, so they are typed number|null.
 */
export type Schema = Record<string, unknown>;

export const str: Schema = { type: 'string' };
export const num: Schema = { type: 'number' };
export const int: Schema = { type: 'integer' };
export const bool: Schema = { type: 'boolean' };
/** A number the controller may hold as NaN (sent as null). */
export const numOrNull: Schema = { type: ['number', 'null'] };
export const strOrNull: Schema = { type: ['string', 'null'] };
export const labels: Schema = { type: 'object', additionalProperties: { type: 'string' } };
/** Any JSON value (documented loosely). */
export const any: Schema = {};

/** An object with these properties (the listed ones required); more properties may follow. */
export function obj(
  properties: Record<string, Schema>,
  required: string[] = Object.keys(properties),
): Schema {
  return { type: 'object', properties, required, additionalProperties: true };
}

export function arr(items: Schema): Schema {
  return { type: 'array', items };
}

export function nullable(s: Schema): Schema {
  return { anyOf: [s, { type: 'null' }] };
}

export function oneOf(values: readonly string[]): Schema {
  return { type: 'string', enum: [...values] };
}

/** The body of every error: `{ status: "error", errorType, error: "<field>: <what is wrong; the fix>" }`. */
export const errorSchema: Schema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['error'] }, errorType: str, error: str, field: str },
  required: ['status', 'errorType', 'error'],
  additionalProperties: true,
};

/** Error responses by status code, each with the error body. */
export function errors(...codes: number[]): Record<number, Schema> {
  return Object.fromEntries(codes.map((c) => [c, { description: describeStatus(c), ...errorSchema }]));
}

function describeStatus(code: number): string {
  const text: Record<number, string> = {
    400: 'bad input: the message names the field and the fix',
    401: 'missing or wrong bearer token',
    403: 'no token configured, or a cross-site request',
    404: 'not found',
    405: 'method not allowed',
    409: 'not possible in the current mode',
    413: 'body larger than the limit',
    422: 'the query could not be executed',
    429: 'rate limit exceeded',
    502: 'the upstream service failed',
    503: 'the backend is unavailable',
  };
  return text[code] ?? 'error';
}

/** The errors of every endpoint that changes something. */
export const MUTATING_ERRORS = [400, 401, 403, 429] as const;
