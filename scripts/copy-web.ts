/**
 * Part of `npm run build`: copies the chat page (web/) to dist/web and Microsoft's Web Chat
 * bundle (a devDependency) to dist/web/vendor/webchat.js, so a production install, which has no
 * devDependencies, still serves the page with no CDN.
 */
import { copyFileSync, cpSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_NAME, installedBundle } from '../src/channels/webchat/assets';

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'dist', 'web');
const bundle = installedBundle(root);
if (!bundle) {
  console.error('botframework-webchat is not installed: run npm install (it is a devDependency) before npm run build.');
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(path.join(root, 'web'), target, { recursive: true });
mkdirSync(path.join(target, 'vendor'), { recursive: true });
copyFileSync(bundle, path.join(target, 'vendor', BUNDLE_NAME));
console.log(`chat page → ${path.relative(root, target)} (Web Chat bundle ${(statSync(bundle).size / 1e6).toFixed(1)} MB)`);
