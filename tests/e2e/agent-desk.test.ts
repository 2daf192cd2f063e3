/**
 * The agent desk as an agent uses it, in headless Chromium: sign in with the token, see the
 * waiting user with the summary, accept, write, and see the user's answer arrive live.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { App } from '../../src/app';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { userOf } from '../support/handoff-client';
import { testApp } from '../support/test-app';
import { launchChromium } from './support/browser';

const TOKEN = 'desk-browser-token-0123456789abcdef';

let app: App;
let base: string;
let channel: FakeConnector;
let browser: Browser;

beforeAll(async () => {
  channel = await startFakeConnector();
  app = testApp({}, { AGENT_TOKEN: TOKEN });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => app.server.close(() => resolve()));
  await app.close();
  await channel.close();
});

const userSays = (text: string) => userOf(base, channel.url, 'desk-e2e')(text);

test('an agent signs in, accepts a waiting user, writes, and sees the answer arrive', async () => {
  await userSays('微信连不上服务器，换了wifi也不行');
  await userSays('转人工');

  const page = await browser.newPage();
  await page.goto(`${base}/agent`);

  // A wrong token is refused on the page.
  await page.fill('#token', 'not-the-token-not-the-token');
  await page.fill('#agent-name', '客服小李');
  await page.click('#login-form button');
  await page.waitForSelector('#login-error:not(:empty)');

  await page.fill('#token', TOKEN);
  await page.click('#login-form button');
  await page.waitForSelector('#desk:not([hidden])');
  await page.waitForSelector('#live.on');

  const waiting = page.locator('#waiting li', { hasText: '微信连不上服务器' });
  await waiting.click();
  await page.waitForSelector('#summary table');
  expect(await page.textContent('#summary')).toContain('换了wifi也不行');

  await page.click('#accept');
  await page.waitForSelector('#reply:not([disabled])');
  expect(channel.messages('desk-e2e').at(-1)).toContain('客服小李已加入');

  await page.fill('#reply', '你好，我是小李。你用的是安卓还是苹果？');
  await page.press('#reply', 'Enter');
  await page.locator('#transcript li.agent', { hasText: '你用的是安卓还是苹果' }).waitFor();
  expect(channel.messages('desk-e2e').at(-1)).toBe('你好，我是小李。你用的是安卓还是苹果？');

  await userSays('苹果手机');
  await page.locator('#transcript li.user', { hasText: '苹果手机' }).waitFor();

  mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/agent-desk.png', fullPage: true });

  await page.click('#close');
  await page.locator('#detail-title', { hasText: 'closed' }).waitFor();
  expect(channel.messages('desk-e2e').at(-1)).toContain('1到5分');
});
