/** Tests that need Debian packages (Chromium, redis-server): `npm run test:e2e`, run by .ci/run. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
  testTimeout: 60000,
};
