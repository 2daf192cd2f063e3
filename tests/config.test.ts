/** Start-up configuration: what a deployer sees when STORAGE=redis is set without a usable REDIS_URL. */
import { loadConfig } from '../src/config';
import { redisBackend } from '../src/storage/redis-backend';

describe('STORAGE=redis', () => {
  it('needs REDIS_URL, and says so', () => {
    expect(() => loadConfig({ STORAGE: 'redis' })).toThrow(/REDIS_URL: required when STORAGE=redis/);
  });

  it('refuses a REDIS_URL that is not a redis:// URL', () => {
    expect(() => loadConfig({ STORAGE: 'redis', REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL: must look like redis:\/\//);
  });

  it('accepts redis:// and rediss:// URLs', () => {
    expect(loadConfig({ STORAGE: 'redis', REDIS_URL: 'rediss://:pw@cache:6380/1' }).REDIS_URL).toBe('rediss://:pw@cache:6380/1');
  });

  it('names REDIS_URL, without its password, when Redis cannot be reached at start-up', async () => {
    // Port 1 on localhost: nothing listens there, so the connection is refused at once.
    const backend = redisBackend({ url: 'redis://:secret@127.0.0.1:1', ttlMs: 0 });
    const failure = backend.ready!();
    await expect(failure).rejects.toThrow(/^Cannot reach Redis at REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1:1.*ECONNREFUSED/);
    await expect(failure).rejects.not.toThrow(/secret/);
    await backend.close();
  });
});
