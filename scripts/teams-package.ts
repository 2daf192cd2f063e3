/**
 * npm run teams:package — builds appPackage/build/wechat-connect-helper.zip for upload to Teams
 * (Apps → Manage your apps → Upload an app). Uses MicrosoftAppId from the environment or .env.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_PACKAGE_DIR, buildPackage, manifestFor } from './teams-manifest';

if (existsSync('.env')) process.loadEnvFile('.env');
const appId = process.env.MicrosoftAppId;
try {
  const zip = buildPackage(manifestFor(appId));
  const out = path.join(APP_PACKAGE_DIR, 'build');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'wechat-connect-helper.zip');
  writeFileSync(file, zip);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (!appId) console.warn('MicrosoftAppId is not set: the package carries a placeholder bot id and will not reach your bot in Teams.');
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
