/**
 * Connections to Redis (STORAGE=redis). They are made lazily, and start-up waits for the first
 * one, so an unreachable Redis stops the bot with a message naming REDIS_URL instead of failing
 * turn by turn.
 */
import Redis from 'ioredis';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * A client that connects on first use. Connection errors after start-up (Redis restarting, a
 * network blip) go to `onError`; ioredis reconnects by itself.
 */
export function redisClient(url: string, onError: (error: Error) => void = () => undefined): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    // A command that cannot reach Redis fails after a few retries (the user gets the "something
    // went wrong" answer) rather than hanging until Redis is back.
    maxRetriesPerRequest: 3,
    // How long a closing socket may linger; ioredis waits the full time after a refused connection.
    disconnectTimeout: 200,
  });
  client.on('error', onError);
  return client;
}

/** Connects and PINGs, or fails with a message saying which REDIS_URL could not be reached and why. */
export async function connectRedis(client: Redis, url: string, timeoutMs = 5000): Promise<void> {
  let lastError: Error | undefined;
  const remember = (error: Error) => (lastError = error);
  client.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    if (client.status === 'wait') await Promise.race([client.connect(), timeout]);
    await Promise.race([client.ping(), timeout]);
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new RedisUnavailableError(
      `Cannot reach Redis at REDIS_URL=${redactedUrl(url)}: ${reason}. Is Redis running, and is REDIS_URL right?`,
    );
  } finally {
    clearTimeout(timer);
    client.off('error', remember);
  }
}

/** Quits politely when connected (pending replies arrive first); otherwise just stops reconnecting. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

/** A Lua script run atomically by Redis (EVALSHA, sent in full only the first time). */
export type RedisScript = (keys: string[], args: (string | number)[]) => Promise<unknown>;

export function defineScript(client: Redis, name: string, lua: string): RedisScript {
  client.defineCommand(name, { lua });
  const command = (client as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name].bind(client);
  return (keys, args) => command(keys.length, ...keys, ...args);
}
