/**
 * STORAGE=redis's parts against a real redis-server: the same storage and waiting-line contracts
 * as the in-process backends, expiry, the message bus between two replicas, and the turn lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import Redis from 'ioredis';
import { RedisLeaseLock } from '../../src/storage/redis-lease-lock';
import { RedisMessageBus } from '../../src/storage/redis-message-bus';
import { RedisStorage, RedisWaitQueue } from '../../src/storage/redis-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { storageContract } from '../support/storage-contract';
import { waitQueueContract } from '../support/wait-queue-contract';
import { startRedisServer, type RedisServer } from './support/redis-server';

let server: RedisServer;
const clients: Redis[] = [];
/** A connection of its own, as each replica has. */
function connection(): Redis {
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}
let client: Redis;
let sqliteDir: string;
let sqlite: SqliteStorage;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startRedisServer();
  client = connection();
  sqliteDir = mkdtempSync(path.join(tmpdir(), 'contract-'));
  sqlite = new SqliteStorage(path.join(sqliteDir, 'bot.sqlite'));
});
afterAll(async () => {
  await Promise.all(clients.filter((c) => c.status === 'ready').map((c) => c.quit()));
  sqlite.close();
  rmSync(sqliteDir, { recursive: true, force: true });
  await server?.stop();
});

// The same cases on every backend, so a stale eTag is refused on each.
storageContract('memory (botbuilder MemoryStorage)', () => new MemoryStorage(), { atomicBatches: false });
storageContract('sqlite', () => sqlite, { atomicBatches: true });
storageContract('redis', () => new RedisStorage(client, { prefix: `t${Math.random()}:` }), { atomicBatches: true });
waitQueueContract('redis', () => new RedisWaitQueue(client, `q${Math.random()}`));

describe('RedisStorage', () => {
  it('refuses a stale eTag written from another replica', async () => {
    const a = new RedisStorage(connection());
    const b = new RedisStorage(connection());
    await a.write({ shared: { n: 1 } });
    const readByA = (await a.read(['shared'])).shared;
    const readByB = (await b.read(['shared'])).shared;
    await b.write({ shared: { ...readByB, n: 2 } });
    await expect(a.write({ shared: { ...readByA, n: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await a.read(['shared'])).shared).toMatchObject({ n: 2 });
  });

  it('forgets an item not written for longer than the TTL, and each write restarts the clock', async () => {
    const storage = new RedisStorage(client, { prefix: 'ttl:', ttlMs: 400 });
    await storage.write({ kept: { n: 1 }, dropped: { n: 1 } });
    await sleep(250);
    await storage.write({ kept: { n: 2 } });
    await sleep(250);
    const read = await storage.read(['kept', 'dropped']);
    expect(read.kept).toMatchObject({ n: 2 });
    expect(read.dropped).toBeUndefined();
  });
});

describe('RedisMessageBus', () => {
  it('carries a JSON message from one replica to the subscribers on another', async () => {
    const errors: unknown[] = [];
    const sender = new RedisMessageBus(connection(), connection());
    const receiver = new RedisMessageBus(connection(), connection(), 'wch:', (e) => errors.push(e));
    const got: unknown[] = [];
    const unsubscribe = receiver.subscribe('conversation/c1', (m) => got.push(m));
    await receiver.settled();
    await sender.publish('conversation/c1', { text: '你好', n: 1 });
    await sender.publish('conversation/other', { text: 'not for me' });
    // Raw garbage on the channel is reported, not thrown, and later messages still arrive.
    await client.publish('wch:bus:conversation/c1', 'not json');
    await sender.publish('conversation/c1', { text: 'again', n: 2 });
    for (let i = 0; i < 50 && got.length < 2; i++) await sleep(20);
    expect(got).toEqual([
      { text: '你好', n: 1 },
      { text: 'again', n: 2 },
    ]);
    expect(errors).toHaveLength(1);
    unsubscribe();
    await receiver.settled();
    await sender.publish('conversation/c1', { n: 3 });
    await sleep(100);
    expect(got).toHaveLength(2);
    await Promise.all([sender.close(), receiver.close()]);
  });
});

describe('RedisLeaseLock', () => {
  it('never lets two replicas run a turn of the same conversation at once', async () => {
    const replicas = [new RedisLeaseLock(connection()), new RedisLeaseLock(connection())];
    let inside = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        replicas[i % 2].run('conv-overlap', async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(i % 3);
          inside--;
          done++;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(done).toBe(40);
  });

  it('hands out rising fencing tokens, whichever replica asks', async () => {
    const replicas = [new RedisLeaseLock(connection()), new RedisLeaseLock(connection())];
    const tokens: number[] = [];
    for (let i = 0; i < 6; i++) {
      const lease = await replicas[i % 2].acquire('conv-tokens');
      tokens.push(lease.token);
      await lease.release();
    }
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(6);
  });

  it('serves waiters in the order they arrived', async () => {
    const lock = new RedisLeaseLock(connection());
    const others = [new RedisLeaseLock(connection()), new RedisLeaseLock(connection()), new RedisLeaseLock(connection())];
    const first = await lock.acquire('conv-order');
    const order: number[] = [];
    const waiting: Promise<void>[] = [];
    for (const [i, other] of others.entries()) {
      waiting.push(other.acquire('conv-order').then((lease) => (order.push(i), lease.release()).then(() => undefined)));
      await sleep(30); // each has taken its ticket before the next asks
    }
    await first.release();
    await Promise.all(waiting);
    expect(order).toEqual([0, 1, 2]);
  });

  it("lets the next turn go ahead once a crashed replica's lease runs out, and the crashed one cannot release it", async () => {
    const crashing = connection();
    const errors: unknown[] = [];
    const a = new RedisLeaseLock(crashing, { leaseMs: 300, onError: (e) => errors.push(e) });
    const b = new RedisLeaseLock(connection(), { leaseMs: 300 });
    const leaseA = await a.acquire('conv-crash');
    crashing.disconnect(); // the replica is gone: no renewal, no release
    const started = Date.now();
    const leaseB = await b.acquire('conv-crash');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(3000);
    expect(leaseB.token).toBeGreaterThan(leaseA.token);

    // The "crashed" replica comes back: its late release must not free B's lock.
    await crashing.connect();
    expect(await leaseA.release()).toBe(false);
    const c = new RedisLeaseLock(connection(), { leaseMs: 300, waitTimeoutMs: 150 });
    await expect(c.acquire('conv-crash')).rejects.toThrow(/not free within 150 ms/);
    expect(await leaseB.release()).toBe(true);
    await (await c.acquire('conv-crash')).release();
  });

  it('queues a waiter again when its ticket ran out while it waited (its process stalled)', async () => {
    const a = new RedisLeaseLock(connection());
    const b = new RedisLeaseLock(connection());
    const first = await a.acquire('conv-requeue');
    const waiting = b.acquire('conv-requeue');
    await sleep(50);
    // What a stall longer than the lease leads to: the holder's successor purged B's ticket.
    const stale = String(first.token + 1);
    await client.zrem('wch:lock:conv-requeue:line', stale);
    await client.hdel('wch:lock:conv-requeue:deadline', stale);
    await first.release();
    const second = await waiting;
    expect(second.token).toBeGreaterThan(first.token + 1);
    expect(await second.release()).toBe(true);
  });

  it("keeps a long turn's lease alive by renewing it", async () => {
    const a = new RedisLeaseLock(connection(), { leaseMs: 150 });
    const b = new RedisLeaseLock(connection(), { leaseMs: 150 });
    const events: string[] = [];
    const long = a.run('conv-long', async () => {
      events.push('a starts');
      await sleep(600); // four leases long
      events.push('a ends');
    });
    await sleep(50);
    await b.run('conv-long', async () => {
      events.push('b runs');
    });
    await long;
    expect(events).toEqual(['a starts', 'a ends', 'b runs']);
  });
});
