/** Debian's Chromium driven by playwright-core, with the flags this machine needs. */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, requireExecutable } from './prerequisites';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireExecutable(CHROMIUM, 'chromium'),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
