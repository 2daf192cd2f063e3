/**
 * The Direct Line secret when DIRECTLINE_SECRET is unset. With SQLite (one process, a data
 * directory) it is generated once and kept beside the database, so a web chat page reloaded
 * after a restart still holds a valid token; in memory it lives as long as the process.
 * (STORAGE=redis requires the variable: replicas must share it.)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config';
import { randomSecret } from './tokens';

export function directLineSecret(config: Pick<Config, 'DIRECTLINE_SECRET' | 'STORAGE' | 'DATA_DIR'>): { secret: string; source: string } {
  if (config.DIRECTLINE_SECRET) return { secret: config.DIRECTLINE_SECRET, source: 'DIRECTLINE_SECRET' };
  if (config.STORAGE !== 'sqlite') return { secret: randomSecret(), source: 'generated for this process' };
  const file = path.resolve(config.DATA_DIR, 'directline.secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 16) return { secret: kept, source: file };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomSecret();
  // Readable by this user only: it signs every web chat token.
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return { secret, source: `${file} (generated)` };
}
