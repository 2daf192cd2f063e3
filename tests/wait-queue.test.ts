/** The handoff waiting line on the in-process backends (Redis: tests/e2e/redis-storage.test.ts). */
import { SqliteStorage, SqliteWaitQueue } from '../src/storage/sqlite-storage';
import { MemoryWaitQueue } from '../src/storage/wait-queue';
import { waitQueueContract } from './support/wait-queue-contract';

const sqlite = new SqliteStorage(':memory:');
afterAll(() => sqlite.close());

waitQueueContract('memory', () => new MemoryWaitQueue());
waitQueueContract('sqlite', () => new SqliteWaitQueue(sqlite.db, `q${Math.random()}`));
