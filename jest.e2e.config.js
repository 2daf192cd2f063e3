/**
 * The second suite, `npm run test:e2e`: tests that need Debian packages (Chromium for the web
 * chat page, redis-server for several replicas). `.ci/run` installs them first.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  // Real servers and a browser on a 2-core machine: one file at a time keeps timings sane.
  maxWorkers: 1,
};
