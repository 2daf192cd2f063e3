/**
 * The turn lock across replicas: a ticket lease per conversation in Redis, after Rasa's
 * TicketLockStore. A turn takes a ticket (INCR, so tickets rise: the fencing token), queues
 * behind lower tickets in arrival order, and runs when its ticket is first. Every ticket has a
 * deadline: the holder renews it while the turn runs and waiters renew theirs while they poll,
 * so a crashed replica's ticket runs out after `leaseMs` and the next turn goes ahead.
 *
 * Within one replica the in-process ConversationLock serialises a conversation's turns first,
 * so only one turn per replica contends in Redis. The lock orders turns; correctness does not
 * rest on it alone: the dialog is saved with its eTag, so a turn whose lease was lost (a pause
 * longer than the lease) has its write refused and is decided again on the fresh dialog.
 */
import type Redis from 'ioredis';
import { ConversationLock, type TurnLock } from '../conversation/conversation-lock';
import { defineScript, type RedisScript } from './redis-connection';

/**
 * KEYS[1] the ticket counter, KEYS[2] the line (sorted set, score = ticket), KEYS[3] the deadlines
 * (hash ticket → ms). ARGV[1] the ticket ('' = take a new one), ARGV[2] the lease in ms, ARGV[3]
 * how long the keys outlive their last use. Returns { ticket, 1 = holds | 0 = waits | -1 = lost }.
 * Expired tickets at the head of the line are dropped: their holder or waiter is gone.
 */
const STEP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
local keep = tonumber(ARGV[3])
local ticket = ARGV[1]
if ticket == '' then
  ticket = tostring(redis.call('INCR', KEYS[1]))
  redis.call('PEXPIRE', KEYS[1], keep)
  redis.call('ZADD', KEYS[2], tonumber(ticket), ticket)
elseif not redis.call('HGET', KEYS[3], ticket) then
  return { tonumber(ticket), -1 }
end
redis.call('HSET', KEYS[3], ticket, now + lease)
redis.call('PEXPIRE', KEYS[2], keep)
redis.call('PEXPIRE', KEYS[3], keep)
while true do
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not head then return { tonumber(ticket), -1 } end
  if head == ticket then return { tonumber(ticket), 1 } end
  local deadline = tonumber(redis.call('HGET', KEYS[3], head) or '0')
  if deadline > now then return { tonumber(ticket), 0 } end
  redis.call('ZREM', KEYS[2], head)
  redis.call('HDEL', KEYS[3], head)
end
`;

/** KEYS[2] the line, KEYS[3] the deadlines; ARGV[1] the ticket. Returns 1 if it still held the lock. */
const RELEASE = `
local head = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
local held = head == ARGV[1] and redis.call('HGET', KEYS[3], ARGV[1]) ~= false
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if held then return 1 end
return 0
`;

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

export interface Lease {
  /** Rises with every acquisition of the same key: a fencing token. */
  readonly token: number;
  /** False once a renewal found the lease gone (it ran out before being renewed). */
  readonly held: boolean;
  /** Gives the lock to the next in line; true if this lease still held it. */
  release(): Promise<boolean>;
}

export interface LeaseLockOptions {
  prefix?: string;
  /** How long a ticket lives without renewal: the wait after a replica crashes mid-turn. */
  leaseMs?: number;
  /** A turn waiting longer than this for its turn gives up (the user gets the error answer). */
  waitTimeoutMs?: number;
  /** A lease lost mid-turn, a failed renewal or release: reported, never thrown into the turn. */
  onError?: (error: unknown) => void;
}

export class RedisLeaseLock implements TurnLock {
  private readonly local = new ConversationLock();
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly waitTimeoutMs: number;
  private readonly keepMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly step: RedisScript;
  private readonly releaseScript: RedisScript;

  constructor(
    private readonly client: Redis,
    options: LeaseLockOptions = {},
  ) {
    this.prefix = options.prefix ?? 'wch:';
    this.leaseMs = options.leaseMs ?? 10_000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 60_000;
    // The ticket counter outlives any lease by far, so tokens keep rising while a conversation is active.
    this.keepMs = Math.max(3600_000, this.leaseMs * 10);
    this.onError = options.onError ?? (() => undefined);
    this.step = defineScript(client, 'wchLockStep', STEP);
    this.releaseScript = defineScript(client, 'wchLockRelease', RELEASE);
  }

  private keys(key: string): string[] {
    const base = `${this.prefix}lock:${key}`;
    return [`${base}:ticket`, `${base}:line`, `${base}:deadline`];
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const lease = await this.acquire(key);
      try {
        return await work();
      } finally {
        await lease.release().catch((error: unknown) => this.onError(error));
      }
    });
  }

  /** Waits for the lock on `key` across every replica (no in-process queueing: use `run` for turns). */
  async acquire(key: string): Promise<Lease> {
    const keys = this.keys(key);
    const args = (ticket: string) => [ticket, this.leaseMs, this.keepMs];
    const started = Date.now();
    let [ticket, status] = (await this.step(keys, args(''))) as [number, number];
    let pause = 2;
    while (status !== 1) {
      if (Date.now() - started > this.waitTimeoutMs) {
        await this.releaseScript(keys, [String(ticket)]).catch(() => undefined);
        throw new LockTimeoutError(`The turn lock for ${key} was not free within ${this.waitTimeoutMs} ms.`);
      }
      // Polling, as Rasa's ticket lock does; short pauses first, since most turns take milliseconds.
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50, this.leaseMs / 3);
      // A ticket that ran out while waiting (this process stalled for a whole lease) queues again at the back.
      [ticket, status] = (await this.step(keys, args(status === -1 ? '' : String(ticket)))) as [number, number];
    }
    return this.holding(key, keys, ticket);
  }

  private holding(key: string, keys: string[], ticket: number): Lease {
    let held = true;
    const renewal = setInterval(() => {
      this.step(keys, [String(ticket), this.leaseMs, this.keepMs])
        .then((result) => {
          if ((result as [number, number])[1] !== 1 && held) {
            held = false;
            this.onError(new Error(`The turn lock for ${key} ran out before it was renewed (ticket ${ticket}).`));
          }
        })
        .catch((error: unknown) => this.onError(error));
    }, this.leaseMs / 3);
    renewal.unref();
    return {
      token: ticket,
      get held() {
        return held;
      },
      release: async () => {
        clearInterval(renewal);
        const stillHeld = Number(await this.releaseScript(keys, [String(ticket)])) === 1;
        held = false;
        return stillHeld;
      },
    };
  }

  get size(): number {
    return this.local.size;
  }
}
