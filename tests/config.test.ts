/** Start-up configuration: what a deployer sees when STORAGE=redis is set without a usable REDIS_URL. */
import { loadConfig } from '../src/config';
import { redisBackend } from '../src/storage/redis-backend';

const SHARED = { DIRECTLINE_SECRET: 'directline-secret-0123456789', AGENT_TOKEN: 'agent-token-0123456789abcdef' };

describe('STORAGE=redis', () => {
  it('needs REDIS_URL, and says so', () => {
    expect(() => loadConfig({ STORAGE: 'redis' })).toThrow(/REDIS_URL: required when STORAGE=redis/);
  });

  it('refuses a REDIS_URL that is not a redis:// URL', () => {
    expect(() => loadConfig({ STORAGE: 'redis', REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL: must look like redis:\/\//);
  });

  it('accepts redis:// and rediss:// URLs', () => {
    expect(loadConfig({ STORAGE: 'redis', REDIS_URL: 'rediss://:pw@cache:6380/1', ...SHARED }).REDIS_URL).toBe('rediss://:pw@cache:6380/1');
  });

  it('needs the secrets every replica must share, and says why', () => {
    const attempt = () => loadConfig({ STORAGE: 'redis', REDIS_URL: 'redis://cache:6379' });
    expect(attempt).toThrow(/DIRECTLINE_SECRET: required when STORAGE=redis — every replica/);
    expect(attempt).toThrow(/AGENT_TOKEN: required when STORAGE=redis/);
    expect(() => loadConfig({ STORAGE: 'redis', REDIS_URL: 'redis://cache:6379', DIRECTLINE_SECRET: SHARED.DIRECTLINE_SECRET })).toThrow(
      /AGENT_TOKEN/,
    );
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
