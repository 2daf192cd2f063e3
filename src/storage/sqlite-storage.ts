/**
 * botbuilder's Storage on one SQLite file (WAL mode): conversations survive restarts with no
 * set-up. Optimistic concurrency as in botbuilder's MemoryStorage: a write carrying an eTag
 * succeeds only if the stored item still has that eTag; "*" or no eTag writes unconditionally.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import type { QueueEntry, WaitQueue } from './wait-queue';

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: the item "${key}" was changed by someone else since it was read (eTag conflict).`);
    this.name = 'ETagConflictError';
  }
}

export class SqliteStorage implements Storage {
  readonly db: Database.Database;
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

/** A waiting line in the same SQLite file: one table per line name, ordered by join time. */
export class SqliteWaitQueue implements WaitQueue {
  constructor(
    private readonly db: Database.Database,
    private readonly name: string,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS queue (
      name TEXT NOT NULL,
      id TEXT NOT NULL,
      since INTEGER NOT NULL,
      PRIMARY KEY (name, id)
    )`);
  }

  async add(id: string, since: number): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO queue (name, id, since) VALUES (?, ?, ?)').run(this.name, id, since);
  }

  async remove(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM queue WHERE name = ? AND id = ?').run(this.name, id).changes > 0;
  }

  async position(id: string): Promise<number | undefined> {
    const index = (await this.list()).findIndex((e) => e.id === id);
    return index < 0 ? undefined : index + 1;
  }

  async list(): Promise<QueueEntry[]> {
    return this.db.prepare<[string], QueueEntry>('SELECT id, since FROM queue WHERE name = ? ORDER BY since, id').all(this.name);
  }
}
