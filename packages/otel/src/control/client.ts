/** One HTTP exchange with a control endpoint. */
export interface ControlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A small client of the control API (used by controllers and by tests). `raw` sends any method,
 * path and body text; the other methods are typed shortcuts.
 */
export class ControlClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async raw(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<ControlResponse> {
    const auth: Record<string, string> =
      this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? {} : JSON.parse(text) };
  }

  json(method: string, path: string, body?: unknown): Promise<ControlResponse> {
    return this.raw(method, path, body === undefined ? undefined : JSON.stringify(body));
  }

  apply(
    action: string,
    parameters: Record<string, unknown> = {},
    leaseMs?: number,
  ): Promise<ControlResponse> {
    return this.json('POST', `/v1/actions/${encodeURIComponent(action)}/apply`, { parameters, leaseMs });
  }

  confirm(id: string): Promise<ControlResponse> {
    return this.json('POST', `/v1/changes/${encodeURIComponent(id)}/confirm`);
  }

  rollback(id: string): Promise<ControlResponse> {
    return this.json('POST', `/v1/changes/${encodeURIComponent(id)}/rollback`);
  }

  changes(): Promise<ControlResponse> {
    return this.json('GET', '/v1/changes');
  }

  change(id: string): Promise<ControlResponse> {
    return this.json('GET', `/v1/changes/${encodeURIComponent(id)}`);
  }
}
