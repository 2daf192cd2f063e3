/**
 * STORAGE=redis: everything several replicas must share, in one Redis: conversations (with eTags
 * and TTL), waiting lines, the message bus and the turn lock. Two connections: commands, and the
 * bus's subscriber.
 */
import type { Logger } from '../observability/logger';
import type { StorageBackend } from './create-storage';
import { closeRedis, connectRedis, redactedUrl, redisClient } from './redis-connection';
import { RedisLeaseLock } from './redis-lease-lock';
import { RedisMessageBus } from './redis-message-bus';
import { RedisStorage, RedisWaitQueue } from './redis-storage';

export interface RedisBackendOptions {
  url: string;
  /** Conversations not written for this long expire (0: never). */
  ttlMs: number;
  prefix?: string;
  /** Turn lock lease; see RedisLeaseLock. */
  leaseMs?: number;
  log?: Logger;
}

export function redisBackend({ url, ttlMs, prefix = 'wch:', leaseMs, log }: RedisBackendOptions): StorageBackend {
  // Until start-up has connected, a failure is reported once, by ready(), not logged per retry.
  let started = false;
  const warn = (event: string) => (error: unknown) => {
    if (started) log?.warn(event, { error, redis: redactedUrl(url) });
  };
  const client = redisClient(url, warn('redis_error'));
  const subscriber = client.duplicate();
  subscriber.on('error', warn('redis_subscriber_error'));
  const queues = new Map<string, RedisWaitQueue>();
  const bus = new RedisMessageBus(client, subscriber, prefix, warn('bus_error'));
  return {
    storage: new RedisStorage(client, { prefix, ttlMs }),
    describe: `redis ${redactedUrl(url)}`,
    queue: (name) => {
      let queue = queues.get(name);
      if (!queue) queues.set(name, (queue = new RedisWaitQueue(client, name, prefix)));
      return queue;
    },
    bus,
    lock: new RedisLeaseLock(client, { prefix, leaseMs, onError: warn('turn_lock_error') }),
    ready: async () => {
      await connectRedis(client, url);
      await connectRedis(subscriber, url);
      started = true;
    },
    // Both: without the subscriber a replica would miss bus messages meant for its conversations.
    connected: () => client.status === 'ready' && subscriber.status === 'ready',
    // Redis expires each conversation itself (key TTL refreshed on every write).
    expire: async () => 0,
    close: async () => {
      await bus.close();
      await closeRedis(client);
    },
  };
}
