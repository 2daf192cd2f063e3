/**
 * The behaviour every conversation store must share (botbuilder's Storage with eTags), run
 * against each backend: memory (botbuilder's MemoryStorage), SQLite in `npm test`, Redis in the
 * e2e suite. A turn relies on exactly this to never lose an update.
 */
import type { Storage } from 'botbuilder';

/** Our stores throw ETagConflictError; botbuilder's MemoryStorage an Error saying "eTag conflict". */
const CONFLICT = /etag conflict/i;

export interface StorageContractOptions {
  /** Whether a write of several keys is all or none (SQLite, Redis; not botbuilder's MemoryStorage). */
  atomicBatches: boolean;
}

export function storageContract(name: string, make: () => Storage | Promise<Storage>, options: StorageContractOptions): void {
  describe(`${name} storage contract`, () => {
    let storage: Storage;
    let n = 0;
    // Fresh keys per test, so a backend shared between tests needs no cleaning.
    const key = (k: string) => `contract/${n}/${k}`;
    beforeEach(async () => {
      n++;
      storage = await make();
    });

    it('reads back what it wrote, with an eTag, and deletes', async () => {
      await storage.write({ [key('a')]: { n: 1, nested: { zh: '微信' } } });
      const read = await storage.read([key('a'), key('missing')]);
      expect(read[key('a')]).toMatchObject({ n: 1, nested: { zh: '微信' } });
      expect(typeof read[key('a')].eTag).toBe('string');
      expect(read[key('missing')]).toBeUndefined();
      await storage.delete([key('a')]);
      expect(await storage.read([key('a')])).toEqual({});
    });

    it('refuses a write with a stale eTag and keeps the newer value', async () => {
      await storage.write({ [key('a')]: { n: 1 } });
      const first = (await storage.read([key('a')]))[key('a')];
      await storage.write({ [key('a')]: { ...first, n: 2 } }); // someone else wins the race
      await expect(storage.write({ [key('a')]: { ...first, n: 3 } })).rejects.toThrow(CONFLICT);
      expect((await storage.read([key('a')]))[key('a')]).toMatchObject({ n: 2 });
    });

    it('lets exactly one of two writers with the same eTag win', async () => {
      await storage.write({ [key('a')]: { n: 0 } });
      const read = (await storage.read([key('a')]))[key('a')];
      const results = await Promise.allSettled([1, 2].map((n) => storage.write({ [key('a')]: { ...read, n } })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const winner = results.findIndex((r) => r.status === 'fulfilled') + 1;
      expect((await storage.read([key('a')]))[key('a')]).toMatchObject({ n: winner });
    });

    it('"*" or no eTag overwrites whatever is there', async () => {
      await storage.write({ [key('a')]: { n: 1 } });
      await storage.write({ [key('a')]: { n: 5, eTag: '*' } });
      expect((await storage.read([key('a')]))[key('a')]).toMatchObject({ n: 5 });
      await storage.write({ [key('a')]: { n: 6 } });
      expect((await storage.read([key('a')]))[key('a')]).toMatchObject({ n: 6 });
    });

    it('takes an eTag on a key that does not exist as no conflict', async () => {
      await storage.write({ [key('new')]: { n: 1, eTag: '12345' } });
      expect((await storage.read([key('new')]))[key('new')]).toMatchObject({ n: 1 });
    });

    it('gives a new eTag on every write', async () => {
      await storage.write({ [key('a')]: { n: 1 } });
      const first = (await storage.read([key('a')]))[key('a')].eTag;
      await storage.write({ [key('a')]: { n: 2 } });
      expect((await storage.read([key('a')]))[key('a')].eTag).not.toBe(first);
    });

    if (options.atomicBatches) {
      it('writes all changes or none', async () => {
        await storage.write({ [key('a')]: { n: 1 } });
        const stale = (await storage.read([key('a')]))[key('a')];
        await storage.write({ [key('a')]: { ...stale, n: 2 } });
        await expect(storage.write({ [key('b')]: { n: 9 }, [key('a')]: { ...stale, n: 3 } })).rejects.toThrow(CONFLICT);
        expect(await storage.read([key('b')])).toEqual({});
      });
    }
  });
}
