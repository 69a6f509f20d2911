/**
 * The disk cache of transformed modules, keyed by a hash of the source, the
 * options, the file name and fentry's version, so a second start skips parsing.
 * Entries are written to a temporary name and renamed, so a reader never sees
 * half a file, and concurrent writers (threads, processes) cannot corrupt one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where cached entries live: `$FENTRY_CACHE_DIR`, else `node_modules/.cache/fentry` under the root, else the temp dir. */
export function cacheDir(root: string): string {
  const configured = process.env['FENTRY_CACHE_DIR'];
  if (configured) return configured;
  const nm = path.join(root, 'node_modules');
  if (fs.existsSync(nm)) return path.join(nm, '.cache', 'fentry');
  return path.join(os.tmpdir(), `fentry-cache-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
}

/** A hex digest of the parts. */
export function digest(...parts: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

export class DiskCache {
  readonly dir: string;
  #ready = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  get(key: string): string | undefined {
    try {
      return fs.readFileSync(this.#path(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  set(key: string, value: string): void {
    try {
      if (!this.#ready) {
        fs.mkdirSync(this.dir, { recursive: true });
        this.#ready = true;
      }
      const target = this.#path(key);
      const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(tmp, value);
      fs.renameSync(tmp, target);
    } catch {
      // A cache that cannot be written only costs time on the next start.
    }
  }

  #path(key: string): string {
    return path.join(this.dir, `${key}.js`);
  }
}
