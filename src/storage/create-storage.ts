/** The storage backend chosen by STORAGE: sqlite (the default, under DATA_DIR) or memory. */
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../config';
import { SqliteStorage } from './sqlite-storage';

export interface StorageBackend {
  storage: Storage;
  describe: string;
  /** Drops conversations idle for longer than the configured TTL (no-op where not supported). */
  expire(): number;
  close(): void;
}

export function createStorage(config: Config): StorageBackend {
  if (config.STORAGE === 'memory') {
    return { storage: new MemoryStorage(), describe: 'memory (lost on restart)', expire: () => 0, close: () => undefined };
  }
  const file = path.resolve(config.DATA_DIR, 'bot.sqlite');
  const sqlite = new SqliteStorage(file);
  const ttlMs = config.CONVERSATION_TTL_DAYS * 24 * 3600 * 1000;
  return { storage: sqlite, describe: `sqlite ${file}`, expire: () => sqlite.expire(ttlMs), close: () => sqlite.close() };
}
