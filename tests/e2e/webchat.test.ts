/**
 * The chat page in headless Chromium, as a user sees it: the greeting, a question with buttons,
 * a fix step, the history after a reload, and Chinese input that confirms IME candidates with
 * Enter. A screenshot goes to test-artifacts/webchat.png.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { App } from '../../src/app';
import { testApp } from '../support/test-app';
import { launchChromium } from './support/browser';

let app: App;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = testApp({}, { DIRECTLINE_SECRET: 'e2e-directline-secret-0123456789' });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  app.directLine.close();
  await new Promise<void>((resolve) => app.server.close(() => resolve()));
  await app.close();
});

/** A message the page sends to the bot (Direct Line's activities endpoint). */
const isPost = (request: Request) =>
  request.method() === 'POST' && /\/v3\/directline\/conversations\/[^/]+\/activities$/.test(request.url());

/** A page in a browser whose language is `locale`, with the user's sent messages counted. */
async function openChat(locale: string): Promise<{ context: BrowserContext; page: Page; posts: string[]; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1000, height: 860 } });
  const page = await context.newPage();
  const posts: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (isPost(request)) {
      posts.push(JSON.parse(request.postData() ?? '{}').text);
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${base}/`);
  return { context, page, posts, errors };
}

const bubbles = (page: Page) => page.locator('.webchat__bubble .webchat__text-content');
const INPUT = '[data-id="webchat-sendbox-input"]';
const sendBox = (page: Page) => page.locator(INPUT);
const button = (page: Page, name: string) => page.locator('.webchat__suggested-actions').getByRole('button', { name, exact: true });

test('a user chats to a fix step, reloads the page and still sees the conversation', async () => {
  const { context, page, errors } = await openChat('zh-CN');
  await expect(page.title()).resolves.toBe('微信连接小助手');
  expect(await page.locator('.intro').innerText()).toContain('转人工');
  await bubbles(page).filter({ hasText: '微信连接小助手' }).waitFor();

  await sendBox(page).fill('微信连不上服务器');
  await sendBox(page).press('Enter');
  await page.locator('.webchat__bubble--from-user', { hasText: '微信连不上服务器' }).waitFor();
  await bubbles(page).filter({ hasText: '其他App' }).waitFor();
  await button(page, '不确定').waitFor();

  // Answer the questions ("是" to each, "安卓手机" if it asks the platform) until a fix step asks whether it worked.
  const fixStep = bubbles(page).filter({ hasText: '试完告诉我' });
  for (let answered = 0; !(await fixStep.count()); answered++) {
    expect(answered).toBeLessThan(6);
    const before = await bubbles(page).count();
    const yes = button(page, '是');
    const android = button(page, '安卓手机');
    await yes.or(android).first().waitFor();
    await ((await yes.count()) ? yes : android).click();
    // The user's answer and at least one reply (a locator: the page's CSP forbids waitForFunction's eval).
    await bubbles(page)
      .nth(before + 1)
      .waitFor();
  }
  await button(page, '好了').waitFor();
  await button(page, '还是不行').waitFor();
  const transcript = await bubbles(page).allInnerTexts();
  mkdirSync('test-artifacts', { recursive: true });
  // Web Chat scrolls to new messages with an animation: wait until the fix step is in view.
  await fixStep.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-artifacts/webchat.png' });

  await page.reload();
  await fixStep.waitFor();
  await expect(bubbles(page).allInnerTexts()).resolves.toEqual(transcript);
  await button(page, '好了').waitFor();
  // Every message reached the server (Web Chat would say "send failed" otherwise).
  await expect(page.getByText(/发送失败|Send failed/).count()).resolves.toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('the page speaks English to an English browser', async () => {
  const { context, page } = await openChat('en-US');
  await expect(page.title()).resolves.toBe('WeChat connection helper');
  await bubbles(page)
    .filter({ hasText: /Hi|Hello/ })
    .first()
    .waitFor();
  await expect(sendBox(page).getAttribute('placeholder')).resolves.toBe('Type your message');
  await sendBox(page).fill('WeChat cannot connect to the server');
  await sendBox(page).press('Enter');
  await button(page, 'Not sure').waitFor();
  mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/webchat-en.png' });
  await context.close();
});

test('Enter that confirms an IME candidate does not send; the next Enter does', async () => {
  const { context, page, posts } = await openChat('zh-CN');
  await bubbles(page).filter({ hasText: '微信连接小助手' }).waitFor();
  const box = sendBox(page);
  await box.focus();
  // A real composition in Chromium (as a pinyin IME makes): "weixin" still being composed.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'weixin', selectionStart: 6, selectionEnd: 6 });
  await page.keyboard.press('Enter');
  // The same as the events other browsers send, dispatched by hand.
  // (Browser-side code as strings: this project's TypeScript has no DOM types.)
  await page.evaluate(`(() => {
    const input = document.querySelector('${INPUT}');
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    for (const type of ['keydown', 'keypress']) {
      const keyCode = type === 'keydown' ? 229 : 13;
      input.dispatchEvent(new KeyboardEvent(type, { key: 'Enter', keyCode, isComposing: true, bubbles: true, cancelable: true }));
    }
  })()`);
  // The candidate is confirmed, the composition ends; then a plain Enter sends.
  await cdp.send('Input.insertText', { text: '微信' });
  await page.evaluate(
    `document.querySelector('${INPUT}').dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '微信' }))`,
  );
  await expect(box.inputValue()).resolves.toBe('微信');
  expect(posts).toEqual([]);
  // The guard lets Enter through again one task after compositionend (Safari's order).
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
  // Web Chat shows the bubble before it posts the message: wait for the post itself.
  const posted = page.waitForRequest(isPost);
  await box.press('Enter');
  await posted;
  await page.locator('.webchat__bubble--from-user', { hasText: '微信' }).waitFor();
  expect(posts).toEqual(['微信']);
  await context.close();
});
