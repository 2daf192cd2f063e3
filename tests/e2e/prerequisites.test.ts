/** Fails first and clearly when a program the e2e suite needs is not installed. */
import { execFileSync } from 'node:child_process';
import { CHROMIUM, REDIS_SERVER, requireExecutable } from './support/prerequisites';

test('Chromium is installed (Debian package chromium)', () => {
  const version = execFileSync(requireExecutable(CHROMIUM, 'chromium'), ['--version'], { encoding: 'utf8' });
  expect(version).toMatch(/Chromium \d+/);
});

test('redis-server is installed (Debian package redis-server)', () => {
  const version = execFileSync(requireExecutable(REDIS_SERVER, 'redis-server'), ['--version'], { encoding: 'utf8' });
  expect(version).toMatch(/Redis server v=\d+/);
});

test('a missing program is reported with the command that installs it', () => {
  expect(() => requireExecutable('/nonexistent/redis-server', 'redis-server')).toThrow(/apt-get install -y redis-server/);
});
