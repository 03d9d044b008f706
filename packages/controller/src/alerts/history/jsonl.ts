import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { NotifyError } from '../notify/errors.js';

/** A line of a JSON-lines file that could not be read back. */
export interface JsonlProblem {
  file: string;
  line: number;
  message: string;
}

export interface JsonlRead<T> {
  records: T[];
  problems: JsonlProblem[];
}

/**
 * Reads a JSON-lines file written by `JsonlAppender`. A torn last line (a crash mid-write) is
 * cut off the file and reported; a damaged line elsewhere is skipped and reported. Never throws
 * for damage, only when the file exists but cannot be read at all.
 */
export function readJsonl<T>(file: string): JsonlRead<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
    throw new NotifyError('history_unwritable', `cannot read ${file}: ${(err as Error).message}`);
  }
  const records: T[] = [];
  const problems: JsonlProblem[] = [];
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  lines.forEach((line, i) => {
    if (line === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      problems.push({ file, line: i + 1, message: `line ${i + 1} is not valid JSON; skipped` });
    }
  });
  if (tail !== '') {
    let parsed: T | undefined;
    try {
      parsed = JSON.parse(tail) as T;
    } catch {
      parsed = undefined;
    }
    // Keep the file line-aligned for the next append: a complete record gets its newline, a torn one is cut.
    const fd = openSync(file, 'r+');
    try {
      if (parsed !== undefined) {
        records.push(parsed);
        writeSync(fd, '\n', Buffer.byteLength(text));
      } else {
        ftruncateSync(fd, Buffer.byteLength(text) - Buffer.byteLength(tail));
        problems.push({
          file,
          line: lines.length + 1,
          message: `torn last line (${Buffer.byteLength(tail)} bytes, a write cut short) dropped`,
        });
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return { records, problems };
}

/** Appends one JSON record per line, each write fsync'd before append() returns. */
export class JsonlAppender {
  private fd: number | undefined;
  constructor(readonly file: string) {}

  append(record: unknown): void {
    try {
      this.fd ??= openSync(this.file, 'a');
      writeSync(this.fd, `${JSON.stringify(record)}\n`);
      fsyncSync(this.fd);
    } catch (err) {
      throw new NotifyError('history_unwritable', `cannot append to ${this.file}: ${(err as Error).message}`);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
