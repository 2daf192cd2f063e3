/** The programs the e2e suite drives, and what to do when one is missing. */
import { accessSync, constants } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** The path of an executable, or an error saying which Debian package provides it. */
export function requireExecutable(file: string, debianPackage: string): string {
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    throw new Error(
      `${file} is missing: the e2e suite needs Debian's ${debianPackage} package. ` +
        `Install it with: apt-get update && apt-get install -y ${debianPackage} (or run .ci/run, which does).`,
    );
  }
}
