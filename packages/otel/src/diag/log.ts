/**
 * The preload's own voice: one line per event, prefixed, on stderr. Instrumentation must never
 * crash or flood its host, so repeated messages with the same key are printed once.
 */
const seen = new Set<string>();
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);
let quiet = process.env.CLAUDE_ZEN_LOG_LEVEL === 'silent';

export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function log(message: string): void {
  if (!quiet) sink(`[claude-zen/otel] ${message}`);
}

/** Logs a message only the first time `key` is seen (e.g. a collector failing every cycle). */
export function logOnce(key: string, message: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  log(message);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
