/**
 * The storage contract (eTags, atomic writes) on SQLite and botbuilder's MemoryStorage, and what
 * only SQLite does: a file that outlives the process, and expiry. Redis: tests/e2e/redis-storage.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { ETagConflictError, SqliteStorage } from '../src/storage/sqlite-storage';
import { storageContract } from './support/storage-contract';

let dir: string;
let storage: SqliteStorage;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sqlite-'));
  storage = new SqliteStorage(path.join(dir, 'bot.sqlite'));
});
afterEach(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

storageContract('sqlite', () => storage, { atomicBatches: true });
storageContract('memory (botbuilder MemoryStorage)', () => new MemoryStorage(), { atomicBatches: false });

describe('SqliteStorage', () => {
  it('refuses a stale eTag with ETagConflictError, naming the key', async () => {
    await storage.write({ a: { n: 1 } });
    const first = (await storage.read(['a'])).a;
    await storage.write({ a: { ...first, n: 2 } });
    await expect(storage.write({ a: { ...first, n: 3 } })).rejects.toEqual(new ETagConflictError('a'));
  });

  it('keeps items in the file for the next process', async () => {
    await storage.write({ a: { n: 7 } });
    storage.close();
    storage = new SqliteStorage(path.join(dir, 'bot.sqlite'));
    expect((await storage.read(['a'])).a).toMatchObject({ n: 7 });
  });

  it('expires items not written for longer than the TTL', async () => {
    await storage.write({ old: { n: 1 } });
    expect(storage.expire(60_000, Date.now() + 120_000)).toBe(1);
    expect(await storage.read(['old'])).toEqual({});
  });
});
