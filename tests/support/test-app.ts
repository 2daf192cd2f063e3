/** The real app (knowledge, trained recognizer, machine, turn) with a quiet test configuration. */
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig } from '../../src/config';

let shared: App | undefined;

export function testApp(options: AppOptions = {}, env: Record<string, string> = {}): App {
  return createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', STORAGE: 'memory', ...env }), options);
}

/** One trained app per test file: training is the slow part, conversations are isolated by id. */
export function sharedTestApp(): App {
  shared ??= testApp();
  return shared;
}
