import { type FSWatcher, promises as fsp, watch } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateTargetGroup } from '../config/load.js';
import type { FileSdConfig, TargetGroup } from '../config/schema.js';

export interface FileDiscoveryOptions {
  config: FileSdConfig;
  /** Base for relative paths (default: the working directory). */
  baseDir?: string;
  /** Called with all groups of all matched files whenever they change. */
  onUpdate: (groups: TargetGroup[]) => void;
  /** Called when a file cannot be read or is invalid; its last good groups are kept. */
  onError?: (file: string, message: string) => void;
  /** Debounce of change events in ms (default 50). */
  debounceMs?: number;
}

function matches(pattern: string, name: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === name;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return name.length >= head.length + tail.length && name.startsWith(head) && name.endsWith(tail);
}

/**
 * File-based service discovery, as Prometheus' file_sd: JSON or YAML files holding
 * `[{targets: [...], labels: {...}}]`, re-read when they change (fs.watch on their folders)
 * and every refresh interval (watching is not reliable on every file system).
 */
export class FileDiscovery {
  private readonly patterns: string[];
  private readonly byFile = new Map<string, TargetGroup[]>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private lastEmitted = '';
  private running = false;
  private refreshing: Promise<void> = Promise.resolve();
  readonly errors = new Map<string, string>();

  constructor(private readonly opts: FileDiscoveryOptions) {
    this.patterns = opts.config.files.map((f) => resolve(opts.baseDir ?? process.cwd(), f));
  }

  async start(): Promise<void> {
    this.running = true;
    for (const dir of new Set(this.patterns.map((p) => dirname(p)))) {
      try {
        const w = watch(dir, { persistent: false }, () => this.schedule());
        w.on('error', () => {});
        this.watchers.push(w);
      } catch {
        // Folder missing: the periodic refresh picks it up once it exists.
      }
    }
    this.timer = setInterval(() => this.schedule(), this.opts.config.refreshIntervalMs);
    this.timer.unref();
    await this.refresh();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    await this.refreshing;
  }

  private schedule(): void {
    if (!this.running) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.refresh().catch(() => {});
    }, this.opts.debounceMs ?? 50);
    this.debounce.unref();
  }

  /** Re-reads every matched file now and emits the groups if they changed. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.readAll());
    return this.refreshing;
  }

  private async listFiles(): Promise<string[]> {
    const files = new Set<string>();
    for (const p of this.patterns) {
      const name = basename(p);
      if (!name.includes('*')) {
        files.add(p);
        continue;
      }
      try {
        for (const entry of await fsp.readdir(dirname(p))) {
          if (matches(name, entry)) files.add(resolve(dirname(p), entry));
        }
      } catch {
        // Missing folder: no files.
      }
    }
    return [...files].sort();
  }

  private async readAll(): Promise<void> {
    if (!this.running) return;
    const files = await this.listFiles();
    const present = new Set<string>();
    for (const file of files) {
      let text: string;
      try {
        text = await fsp.readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        this.reportError(file, `cannot read: ${(e as Error).message}`);
        present.add(file);
        continue;
      }
      present.add(file);
      try {
        this.byFile.set(file, parseGroups(file, text));
        this.errors.delete(file);
      } catch (e) {
        this.reportError(file, (e as Error).message);
      }
    }
    for (const file of [...this.byFile.keys()]) if (!present.has(file)) this.byFile.delete(file);
    const groups = [...this.byFile.values()].flat();
    const key = JSON.stringify(groups);
    if (key === this.lastEmitted || !this.running) return;
    this.lastEmitted = key;
    this.opts.onUpdate(groups);
  }

  private reportError(file: string, message: string): void {
    this.errors.set(file, message);
    this.opts.onError?.(file, message);
  }
}

/** The groups of one SD file; throws with the file, the entry and the fix when invalid. */
export function parseGroups(file: string, text: string): TargetGroup[] {
  const ext = extname(file).toLowerCase();
  let doc: unknown;
  try {
    doc = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(
      `${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc))
    throw new Error(`${file}: expected a list of {targets, labels} groups at the top level`);
  try {
    return doc.map((g, i) => validateTargetGroup(`[${i}]`, g, file));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}
