/**
 * Read-change-write of one item with optimistic concurrency: the write carries the eTag that was
 * read, so if another writer (a concurrent turn, another replica) got there first the write is
 * refused, and the change is made again on the fresh item.
 */
import type { Storage, StoreItem } from 'botbuilder';

const ATTEMPTS = 8;

/**
 * `change` sees the current item (without its eTag) and returns the new one, or undefined to
 * leave it as it is. Returns what was written, or undefined when nothing was.
 */
export async function updateItem<T extends object>(
  storage: Storage,
  key: string,
  change: (current: T | undefined) => T | undefined,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    const item = (await storage.read([key]))[key] as (T & StoreItem) | undefined;
    let current: T | undefined;
    if (item) {
      const { eTag: _eTag, ...rest } = item;
      current = rest as unknown as T;
    }
    const next = change(current);
    if (!next) return undefined;
    try {
      // An empty eTag writes unconditionally: only for an item that did not exist when read.
      await storage.write({ [key]: { ...next, eTag: item?.eTag ?? '' } });
      return next;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}
