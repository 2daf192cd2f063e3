/**
 * botbuilder's Storage on one SQLite file (WAL mode): conversations survive restarts with no
 * set-up. Optimistic concurrency as in botbuilder's MemoryStorage: a write carrying an eTag
 * succeeds only if the stored item still has that eTag; "*" or no eTag writes unconditionally.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: the item "${key}" was changed by someone else since it was read (eTag conflict).`);
    this.name = 'ETagConflictError';
  }
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { value: string; etag: number }>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly update: Database.Statement<[string, number, string, number]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across a process crash (SIGKILL); only a power loss may drop the last commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS items (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      etag INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    this.db.exec('CREATE INDEX IF NOT EXISTS items_updated_at ON items (updated_at)');
    this.select = this.db.prepare('SELECT value, etag FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      `INSERT INTO items (key, value, etag, updated_at) VALUES (?, ?, 1, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = items.etag + 1, updated_at = excluded.updated_at`,
    );
    this.update = this.db.prepare('UPDATE items SET value = ?, etag = etag + 1, updated_at = ? WHERE key = ? AND etag = ?');
    this.remove = this.db.prepare('DELETE FROM items WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: String(row.etag) };
    }
    return items;
  }

  /** All changes or none: a conflict on one key rolls the whole write back. */
  async write(changes: StoreItems): Promise<void> {
    const now = Date.now();
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const json = JSON.stringify(value);
        if (!eTag || eTag === '*') {
          this.upsert.run(key, json, now);
        } else if (this.update.run(json, now, key, Number(eTag)).changes === 0) {
          // Botbuilder's rule: an eTag on a key that does not exist yet is no conflict.
          if (this.select.get(key)) throw new ETagConflictError(key);
          this.upsert.run(key, json, now);
        }
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.remove.run(key);
  }

  /** Removes items not written for `maxAgeMs`; returns how many. */
  expire(maxAgeMs: number, now = Date.now()): number {
    return this.db.prepare('DELETE FROM items WHERE updated_at < ?').run(now - maxAgeMs).changes;
  }

  close(): void {
    this.db.close();
  }
}
