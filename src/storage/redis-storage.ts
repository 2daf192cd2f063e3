/**
 * botbuilder's Storage on Redis, for several replicas sharing conversations. Each item is a hash
 * { v: JSON, e: eTag }. Optimistic concurrency as in SqliteStorage: a write carrying an eTag
 * succeeds only if the stored item still has it ("*" or no eTag writes unconditionally; an eTag
 * on a missing key is no conflict). The check and the write are one Lua script, so they are
 * atomic across replicas, and a write of several keys is all or none.
 */
import type Redis from 'ioredis';
import type { Storage, StoreItems } from 'botbuilder';
import { defineScript, type RedisScript } from './redis-connection';
import { ETagConflictError } from './sqlite-storage';
import type { QueueEntry, WaitQueue } from './wait-queue';

/**
 * KEYS[1] the eTag counter, KEYS[2..] the items; ARGV[1] TTL in ms (0: none), then per item its
 * expected eTag and its JSON. Returns 0, or the 1-based number of the item whose eTag is stale.
 * eTags come from one counter, so a key deleted and written again never reuses an old eTag.
 */
const WRITE = `
local ttl = tonumber(ARGV[1])
local n = #KEYS - 1
for i = 1, n do
  local expected = ARGV[2 * i]
  if expected ~= '' and expected ~= '*' then
    local current = redis.call('HGET', KEYS[i + 1], 'e')
    if current and current ~= expected then return i end
  end
end
for i = 1, n do
  local etag = redis.call('INCR', KEYS[1])
  redis.call('HSET', KEYS[i + 1], 'v', ARGV[2 * i + 1], 'e', tostring(etag))
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i + 1], ttl) end
end
return 0
`;

export interface RedisStorageOptions {
  /** Namespaces every key, so one Redis can serve several bots. */
  prefix?: string;
  /** Items not written for this long disappear (Redis key expiry, refreshed on every write). */
  ttlMs?: number;
}

export class RedisStorage implements Storage {
  readonly prefix: string;
  private readonly ttlMs: number;
  private readonly writeScript: RedisScript;

  constructor(
    private readonly client: Redis,
    options: RedisStorageOptions = {},
  ) {
    this.prefix = options.prefix ?? 'wch:';
    this.ttlMs = options.ttlMs ?? 0;
    this.writeScript = defineScript(client, 'wchStorageWrite', WRITE);
  }

  /** The Redis key holding a Storage key (for tests and operators: `redis-cli HGETALL …`). */
  itemKey(key: string): string {
    return `${this.prefix}item:${key}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.hmget(this.itemKey(key), 'v', 'e');
    const results = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const [error, row] = results[i] as [Error | null, [string | null, string | null]];
      if (error) throw error;
      const [value, eTag] = row;
      if (value !== null && eTag !== null) items[key] = { ...(JSON.parse(value) as object), eTag };
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    const args: (string | number)[] = [this.ttlMs];
    for (const key of keys) {
      const { eTag, ...value } = (changes[key] ?? {}) as { eTag?: string };
      args.push(eTag ?? '', JSON.stringify(value));
    }
    const conflict = Number(await this.writeScript([`${this.prefix}etag`, ...keys.map((k) => this.itemKey(k))], args));
    if (conflict > 0) throw new ETagConflictError(keys[conflict - 1]);
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.client.del(...keys.map((k) => this.itemKey(k)));
  }
}

/** A waiting line as a sorted set scored by join time (ties by id, as in SQLite). */
export class RedisWaitQueue implements WaitQueue {
  private readonly key: string;

  constructor(
    private readonly client: Redis,
    name: string,
    prefix = 'wch:',
  ) {
    this.key = `${prefix}queue:${name}`;
  }

  async add(id: string, since: number): Promise<void> {
    // NX: joining again keeps the original place.
    await this.client.zadd(this.key, 'NX', since, id);
  }

  async remove(id: string): Promise<boolean> {
    // ZREM reports 1 to exactly one of several concurrent callers.
    return (await this.client.zrem(this.key, id)) === 1;
  }

  async position(id: string): Promise<number | undefined> {
    const rank = await this.client.zrank(this.key, id);
    return rank === null ? undefined : rank + 1;
  }

  async list(): Promise<QueueEntry[]> {
    const flat = await this.client.zrange(this.key, 0, -1, 'WITHSCORES');
    const entries: QueueEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ id: flat[i], since: Number(flat[i + 1]) });
    return entries;
  }
}
