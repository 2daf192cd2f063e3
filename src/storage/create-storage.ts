/**
 * The storage backend chosen by STORAGE: sqlite (the default, under DATA_DIR), memory, or redis
 * (REDIS_URL; several replicas share it). Every backend gives the same four things: key-value
 * Storage with eTags, waiting lines, a message bus and the per-conversation turn lock.
 */
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { ConversationLock, type TurnLock } from '../conversation/conversation-lock';
import { LocalMessageBus, type MessageBus } from './message-bus';
import { redisBackend } from './redis-backend';
import { SqliteStorage, SqliteWaitQueue } from './sqlite-storage';
import { MemoryWaitQueue, type WaitQueue } from './wait-queue';

export interface StorageBackend {
  storage: Storage;
  describe: string;
  /** The named waiting line (e.g. "handoff"), shared by every replica on this backend. */
  queue(name: string): WaitQueue;
  bus: MessageBus;
  lock: TurnLock;
  /** Drops conversations idle for longer than the configured TTL (no-op where not supported). */
  expire(): Promise<number>;
  close(): Promise<void>;
  /** Resolves once the backend is reachable; rejects with what to fix (start-up awaits it). Absent: always ready. */
  ready?(): Promise<void>;
  /** False while a networked backend has lost its connection (for /healthz). Absent: always connected. */
  connected?(): boolean;
}

/** Queues by name, created on first use. */
function queues(make: (name: string) => WaitQueue): (name: string) => WaitQueue {
  const made = new Map<string, WaitQueue>();
  return (name) => {
    let queue = made.get(name);
    if (!queue) made.set(name, (queue = make(name)));
    return queue;
  };
}

/** Everything in this process; `storage` may be a caller's own (tests). */
export function memoryBackend(storage: Storage = new MemoryStorage(), describe = 'memory (lost on restart)'): StorageBackend {
  const bus = new LocalMessageBus();
  return {
    storage,
    describe,
    queue: queues(() => new MemoryWaitQueue()),
    bus,
    lock: new ConversationLock(),
    expire: async () => 0,
    close: () => bus.close(),
  };
}

export function createStorage(config: Config, log?: Logger): StorageBackend {
  if (config.STORAGE === 'memory') return memoryBackend();
  const ttlMs = config.CONVERSATION_TTL_DAYS * 24 * 3600 * 1000;
  // config.ts makes REDIS_URL required with STORAGE=redis.
  if (config.STORAGE === 'redis') return redisBackend({ url: config.REDIS_URL ?? '', ttlMs, log });
  const file = path.resolve(config.DATA_DIR, 'bot.sqlite');
  const sqlite = new SqliteStorage(file);
  const bus = new LocalMessageBus();
  return {
    storage: sqlite,
    describe: `sqlite ${file}`,
    queue: queues((name) => new SqliteWaitQueue(sqlite.db, name)),
    bus,
    lock: new ConversationLock(),
    expire: async () => sqlite.expire(ttlMs),
    close: async () => {
      await bus.close();
      sqlite.close();
    },
  };
}
