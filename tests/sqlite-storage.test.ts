/** The SQLite storage: botbuilder's Storage contract with eTags, atomic writes, expiry, and a file that outlives the process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ETagConflictError, SqliteStorage } from '../src/storage/sqlite-storage';

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

describe('SqliteStorage', () => {
  it('reads back what it wrote, with an eTag, and deletes', async () => {
    await storage.write({ a: { n: 1 } });
    const read = await storage.read(['a', 'missing']);
    expect(read.a).toMatchObject({ n: 1 });
    expect(typeof read.a.eTag).toBe('string');
    expect(read.missing).toBeUndefined();
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('refuses a write with a stale eTag and keeps the newer value', async () => {
    await storage.write({ a: { n: 1 } });
    const first = (await storage.read(['a'])).a;
    await storage.write({ a: { ...first, n: 2 } }); // someone else wins the race
    await expect(storage.write({ a: { ...first, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['a'])).a).toMatchObject({ n: 2 });
  });

  it('writes all changes or none', async () => {
    await storage.write({ a: { n: 1 } });
    const stale = (await storage.read(['a'])).a;
    await storage.write({ a: { ...stale, n: 2 } });
    await expect(storage.write({ b: { n: 9 }, a: { ...stale, n: 3 } })).rejects.toThrow(/eTag conflict/);
    expect(await storage.read(['b'])).toEqual({});
  });

  it('"*" overwrites whatever is there', async () => {
    await storage.write({ a: { n: 1 } });
    await storage.write({ a: { n: 5, eTag: '*' } });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 5 });
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
