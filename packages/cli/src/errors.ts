/** An error the CLI reports as one line; `exitCode` 1 = failure, 2 = usage. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** One line, with the fix, for any error: never a stack trace. */
export function describeError(e: unknown): string {
  if (e instanceof CliError) return e.message;
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  switch (err?.code) {
    case 'ENOENT':
      return `${err.path ?? 'file'}: no such file or folder; check the path`;
    case 'EACCES':
    case 'EPERM':
      return `${err.path ?? 'file'}: permission denied; check its owner and mode`;
    case 'EISDIR':
      return `${err.path ?? 'path'} is a folder; give a file`;
    case 'EADDRINUSE':
      return `${err.address ?? '127.0.0.1'}:${err.port ?? '?'} is already in use; choose another with --listen 127.0.0.1:<port>`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${err.address ?? 'that address'}: it is not an address of this machine; use 127.0.0.1`;
  }
  const message = err instanceof Error ? err.message : String(e);
  return message.split('\n')[0];
}
