/**
 * Where the chat page's files are: web/ (copied to dist/web by the build), and Microsoft's Web
 * Chat bundle, copied by the build to dist/web/vendor/webchat.js (production installs have no
 * devDependencies) or, when running from source, read from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** src/channels/webchat → web/, and dist/src/channels/webchat → dist/web: the same relative path. */
export const WEB_DIR = path.resolve(__dirname, '../../../web');

export const BUNDLE_NAME = 'webchat.js';

/** botframework-webchat's self-contained browser bundle in node_modules, if installed. */
export function installedBundle(from: string = process.cwd()): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', 'botframework-webchat', 'dist', BUNDLE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function bundlePath(): string | undefined {
  const copied = path.join(WEB_DIR, 'vendor', BUNDLE_NAME);
  return existsSync(copied) ? copied : installedBundle(WEB_DIR);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  body: Buffer;
  type: string;
}

export function readAsset(file: string): Asset {
  return { body: readFileSync(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
}
