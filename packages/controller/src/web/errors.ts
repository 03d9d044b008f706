import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** What kind of failure an API error is (the `errorType` of the body). */
export type WebErrorCode =
  | 'bad_data'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'unavailable'
  | 'execution'
  | 'bad_gateway'
  | 'internal';

const STATUS: Record<WebErrorCode, number> = {
  bad_data: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  execution: 422,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
};

/** The one error of the web layer: an HTTP status, a code, and a message naming the field and the fix. */
export class WebError extends Error {
  override readonly name = 'WebError';
  readonly statusCode: number;
  constructor(
    readonly code: WebErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.statusCode = STATUS[code];
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  status: 'error';
  errorType: WebErrorCode;
  error: string;
  field?: string;
}

export function errorBody(code: WebErrorCode, error: string, field?: string): ErrorBody {
  return field === undefined
    ? { status: 'error', errorType: code, error }
    : { status: 'error', errorType: code, error, field };
}

interface AjvIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  keyword: string;
}

/** `period: must be one of 15m, 1h, 6h, 24h` from a schema validation failure. */
export function describeValidation(context: string | undefined, issues: readonly AjvIssue[]): string {
  const first = issues[0];
  if (!first) return `${context ?? 'request'}: invalid`;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = first.params.missingProperty as string | undefined;
  const extra = first.params.additionalProperty as string | undefined;
  const where = [context === 'body' ? 'body' : undefined, path || undefined, missing ?? extra]
    .filter(Boolean)
    .join('.');
  let what = first.message ?? 'is invalid';
  if (first.keyword === 'enum')
    what = `must be one of ${(first.params.allowedValues as unknown[]).join(', ')}`;
  if (first.keyword === 'required') what = 'is required';
  if (first.keyword === 'additionalProperties') what = 'is not a known field; remove it';
  return `${where || context || 'request'}: ${what}`;
}

/** Turns any error thrown in a route (ours, Fastify's, a validation failure) into the API's error body. */
export function handleError(
  err: FastifyError & { validation?: AjvIssue[]; validationContext?: string },
  _req: FastifyRequest,
  reply: FastifyReply,
): void {
  if (err instanceof WebError) {
    void reply.code(err.statusCode).headers(err.headers).send(errorBody(err.code, err.message));
    return;
  }
  if (err.validation) {
    void reply
      .code(400)
      .send(errorBody('bad_data', describeValidation(err.validationContext, err.validation)));
    return;
  }
  const status = err.statusCode ?? 500;
  if (status === 413) {
    void reply
      .code(413)
      .header('connection', 'close')
      .send(errorBody('payload_too_large', 'body: larger than the limit (64 KiB); send less'));
    return;
  }
  if (status === 429) {
    void reply.code(429).send(errorBody('too_many_requests', err.message));
    return;
  }
  if (status === 415) {
    void reply.code(415).send(errorBody('bad_data', 'content-type: not supported; send application/json'));
    return;
  }
  if (status >= 400 && status < 500) {
    const msg =
      /JSON/i.test(err.message) || err instanceof SyntaxError
        ? 'body: not valid JSON; send a JSON object'
        : err.message;
    void reply.code(status).send(errorBody('bad_data', msg));
    return;
  }
  reply.log.error(err);
  void reply.code(500).send(errorBody('internal', `internal error: ${err.message.split('\n')[0]}`));
}
