/** The Direct Line 3.0 endpoint over real HTTP, as directlinejs and Web Chat use it. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import WebSocket from 'ws';
import type { App } from '../src/app';
import { StorageDirectLineStore } from '../src/channels/directline/storage-store';
import { HandoffStore } from '../src/handoff/handoff-store';
import { DirectLineTokens } from '../src/channels/directline/tokens';
import { testApp } from './support/test-app';

const SECRET = 'test-directline-secret-0123456789';
let app: App;
let base: string;

async function listen(a: App): Promise<string> {
  await new Promise<void>((resolve) => a.server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(a.server.address() as AddressInfo).port}`;
}
async function stop(a: App): Promise<void> {
  a.directLine.close();
  await new Promise<void>((resolve) => a.server.close(() => resolve()));
  await a.close();
}

beforeAll(async () => {
  app = testApp({}, { DIRECTLINE_SECRET: SECRET });
  base = await listen(app);
});
afterAll(() => stop(app));

interface Res<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}
interface Page {
  activities: Partial<Activity>[];
  watermark: string;
}
interface Started {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  bearer?: string,
  body?: unknown,
  raw = false,
  root = base,
): Promise<Res<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(`${root}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const dl = '/v3/directline';
const messages = (page: Page) => page.activities.filter((a) => a.type === 'message');

/** A conversation started the way Web Chat starts one: a token from the page route, then POST /conversations. */
async function startConversation(root = base): Promise<Started> {
  const gen = await call<{ token: string; conversationId: string }>('POST', '/api/webchat/token', undefined, undefined, false, root);
  const started = await call<Started>('POST', `${dl}/conversations`, gen.body.token, { locale: 'zh-CN' }, false, root);
  expect(started.status).toBe(201);
  return started.body;
}

async function say(c: Started, text: string, extra: Record<string, unknown> = {}, root = base): Promise<Res<{ id: string }>> {
  return call<{ id: string }>(
    'POST',
    `${dl}/conversations/${c.conversationId}/activities`,
    c.token,
    { type: 'message', text, ...extra },
    false,
    root,
  );
}

async function read(c: Started, watermark = '', root = base): Promise<Page> {
  const res = await call<Page>(
    'GET',
    `${dl}/conversations/${c.conversationId}/activities?watermark=${watermark}`,
    c.token,
    undefined,
    false,
    root,
  );
  expect(res.status).toBe(200);
  return res.body;
}

describe('tokens', () => {
  it('generates a conversation token with the secret, bound to a user Web Chat can read', async () => {
    const res = await call<{ token: string; conversationId: string; expires_in: number }>('POST', `${dl}/tokens/generate`, SECRET, {
      user: { id: 'dl_alice' },
    });
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBe(1800);
    const claims = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ conv: res.body.conversationId, user: 'dl_alice' });
    const started = await call<Started>('POST', `${dl}/conversations`, res.body.token);
    expect(started.body.conversationId).toBe(res.body.conversationId);
  });

  it('refuses a missing or wrong secret, and a token asking for more tokens', async () => {
    expect((await call('POST', `${dl}/tokens/generate`)).status).toBe(401);
    const wrong = await call('POST', `${dl}/tokens/generate`, 'not-the-secret');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error?.code).toBe('Forbidden');
    const c = await startConversation();
    expect((await call('POST', `${dl}/tokens/generate`, c.token)).status).toBe(403);
  });

  it('refreshes a token into a new one for the same conversation; the secret cannot be refreshed', async () => {
    const c = await startConversation();
    const refreshed = await call<Started>('POST', `${dl}/tokens/refresh`, c.token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(c.conversationId);
    expect((await read({ ...c, token: refreshed.body.token })).activities.length).toBeGreaterThan(0);
    expect((await call('POST', `${dl}/tokens/refresh`, SECRET)).status).toBe(400);
  });

  it('answers an expired token with 403 TokenExpired, everywhere, refresh included', async () => {
    const c = await startConversation();
    const anHourAgo = new DirectLineTokens(SECRET, () => Date.now() - 3600_000);
    const { token } = anHourAgo.issue('conversation', { conv: c.conversationId, user: 'dl_x' });
    for (const [method, path] of [
      ['GET', `${dl}/conversations/${c.conversationId}/activities`],
      ['POST', `${dl}/tokens/refresh`],
      ['GET', `${dl}/conversations/${c.conversationId}`],
    ]) {
      const res = await call(method, path, token);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('TokenExpired');
    }
  });

  it('refuses a token signed with another secret or altered', async () => {
    const c = await startConversation();
    const forged = new DirectLineTokens('another-secret-0123456789abcdef').issue('conversation', { conv: c.conversationId, user: 'dl_x' });
    expect((await call('GET', `${dl}/conversations/${c.conversationId}/activities`, forged.token)).status).toBe(403);
    const [head, , sig] = c.token.split('.');
    const payload = Buffer.from(JSON.stringify({ scope: 'conversation', conv: c.conversationId, exp: 9e9 })).toString('base64url');
    expect((await call('GET', `${dl}/conversations/${c.conversationId}/activities`, `${head}.${payload}.${sig}`)).status).toBe(403);
  });

  it("keeps each token to its own conversation: A's token on B is 403, an unknown conversation 404", async () => {
    const a = await startConversation();
    const b = await startConversation();
    const res = await call('GET', `${dl}/conversations/${b.conversationId}/activities`, a.token);
    expect(res.status).toBe(403);
    expect(
      (await call('POST', `${dl}/conversations/${b.conversationId}/activities`, a.token, { type: 'message', text: 'hi' })).status,
    ).toBe(403);
    expect((await read(b)).activities.every((x) => x.text !== 'hi')).toBe(true);
    const unknown = await call('GET', `${dl}/conversations/nope/activities`, SECRET);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('NotFound');
  });
});

describe('a conversation', () => {
  it('starts with the greeting; starting it again changes nothing', async () => {
    const c = await startConversation();
    expect(c.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${c.conversationId}/stream\\?t=`));
    const first = await read(c);
    expect(messages(first)).toHaveLength(1);
    expect(messages(first)[0].text).toMatch(/微信连接小助手/);
    const again = await call<Started>('POST', `${dl}/conversations`, c.token);
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(c.conversationId);
    expect((await read(c)).watermark).toBe(first.watermark);
  });

  it('answers "微信连不上服务器" with a question and its suggested actions, after echoing the message', async () => {
    const c = await startConversation();
    const before = await read(c);
    const posted = await say(c, '微信连不上服务器', { channelData: { clientActivityID: 'client-1' }, from: { id: 'someone-else' } });
    expect(posted.status).toBe(400); // from.id must be the token's user
    const ok = await say(c, '微信连不上服务器', { channelData: { clientActivityID: 'client-1' } });
    expect(ok.status).toBe(200);
    const after = await read(c, before.watermark);
    const [echo, ...replies] = after.activities;
    expect(echo).toMatchObject({ id: ok.body.id, text: '微信连不上服务器', channelData: { clientActivityID: 'client-1' } });
    expect(echo.from?.role).toBe('user');
    const question = replies.find((a) => a.type === 'message' && a.suggestedActions);
    expect(question?.text).toMatch(/[？?]/);
    expect(question?.suggestedActions?.actions.map((a) => a.title)).toEqual(['是', '否', '不确定']);
    expect(question?.replyToId).toBe(ok.body.id);
    expect(question?.from?.role).toBe('bot');
  });

  it('reads by watermark: only what came after it, and the watermark to ask with next', async () => {
    const c = await startConversation();
    const start = await read(c);
    expect(start.watermark).toBe('1');
    await say(c, '微信连不上服务器');
    const all = await read(c);
    const later = await read(c, start.watermark);
    expect(later.activities).toEqual(all.activities.slice(1));
    expect(later.watermark).toBe(all.watermark);
    expect(Number(all.watermark)).toBe(all.activities.length);
    expect(await read(c, all.watermark)).toEqual({ activities: [], watermark: all.watermark });
    const ids = all.activities.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await call('GET', `${dl}/conversations/${c.conversationId}/activities?watermark=abc`, c.token)).status).toBe(400);
  });

  it('never delivers trace activities, though the bot sends one every turn', async () => {
    const c = await startConversation();
    await say(c, '微信连不上服务器');
    await say(c, '不知道');
    expect((await read(c)).activities.filter((a) => a.type === 'trace')).toEqual([]);
    // The connector drops a trace that reaches it, too.
    const { token } = app.directLine.tokens.issue('connector');
    const res = await call('POST', `/directline/connector/v3/conversations/${c.conversationId}/activities`, token, {
      type: 'trace',
      name: 'troubleshooting',
      value: {},
    });
    expect(res.status).toBe(200);
    expect((await read(c)).activities.filter((a) => a.type === 'trace')).toEqual([]);
  });

  it('resumes: GET /conversations/{id} gives a working token and a streamUrl from that watermark', async () => {
    const c = await startConversation();
    const res = await call<Started>('GET', `${dl}/conversations/${c.conversationId}?watermark=1`, c.token);
    expect(res.status).toBe(200);
    expect(res.body.conversationId).toBe(c.conversationId);
    expect(res.body.streamUrl).toMatch(/[?&]watermark=1(&|$)/);
    expect((await read({ ...c, token: res.body.token })).watermark).toBe('1');
  });

  it('answers bad bodies with 400 and a Direct Line error, and keeps working', async () => {
    const c = await startConversation();
    const path = `${dl}/conversations/${c.conversationId}/activities`;
    for (const body of ['{nope', '[]', 'null', '{}', '{"type": 5}', '{"type": "conversationUpdate"}', '{"type": "message", "text": 12}']) {
      const res = await call('POST', path, c.token, body, true);
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toEqual(expect.any(String));
    }
    expect((await call('POST', `${dl}/conversations`, c.token, '{"user": 3}', true)).status).toBe(400);
    const huge = await say(c, 'x'.repeat(2 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect(huge.body.error?.message).toMatch(/size/);
    expect((await say(c, '微信连不上服务器')).status).toBe(200);
  });

  it('lands a proactive message (continueConversationAsync) in the history', async () => {
    const c = await startConversation();
    await say(c, '微信连不上服务器');
    const echo = (await read(c)).activities.find((a) => a.text === '微信连不上服务器')!;
    const reference = TurnContext.getConversationReference(echo);
    await app.adapter.continueConversationAsync(app.config.MicrosoftAppId, reference, async (context) => {
      await context.sendActivity('客服小王已接入，请稍等。');
    });
    const last = (await read(c)).activities.at(-1);
    expect(last).toMatchObject({ type: 'message', text: '客服小王已接入，请稍等。' });
  });
});

describe('the connector routes', () => {
  it('accept only the bot’s own connector token', async () => {
    const c = await startConversation();
    const path = `/directline/connector/v3/conversations/${c.conversationId}/activities`;
    const message = { type: 'message', text: 'forged' };
    expect((await call('POST', path, undefined, message)).status).toBe(401);
    expect((await call('POST', path, c.token, message)).status).toBe(403);
    expect((await call('POST', path, SECRET, message)).status).toBe(403);
    expect((await read(c)).activities.some((a) => a.text === 'forged')).toBe(false);
  });
});

describe('with MicrosoftAppId set (Azure credentials that cannot work offline)', () => {
  it('still answers and sends proactive messages: Direct Line replies never ask Azure AD for a token', async () => {
    const azure = testApp(
      {},
      { DIRECTLINE_SECRET: SECRET, MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x' },
    );
    const root = await listen(azure);
    try {
      const c = await startConversation(root);
      await say(c, '微信连不上服务器', {}, root);
      const page = await read(c, '', root);
      expect(page.activities.find((a) => a.suggestedActions)?.text).toMatch(/[？?]/);
      const reference = TurnContext.getConversationReference(page.activities[1]);
      await azure.adapter.continueConversationAsync(azure.config.MicrosoftAppId, reference, async (context) => {
        await context.sendActivity('proactive hello');
      });
      expect((await read(c, '', root)).activities.at(-1)?.text).toBe('proactive hello');
    } finally {
      await stop(azure);
    }
  });
});

describe('the stream (WebSocket)', () => {
  function open(url: string): Promise<{ ws: WebSocket; frames: Page[]; next: () => Promise<Page> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const frames: Page[] = [];
      const waiting: ((p: Page) => void)[] = [];
      let read = 0;
      ws.on('message', (data) => {
        frames.push(JSON.parse(String(data)));
        waiting.splice(0).forEach((w) => w(frames[read++]));
      });
      const next = () => (read < frames.length ? Promise.resolve(frames[read++]) : new Promise<Page>((r) => waiting.push(r)));
      ws.on('open', () => resolve({ ws, frames, next }));
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
    });
  }

  it('sends the history first, then each new activity with its watermark, never a trace', async () => {
    const c = await startConversation();
    const stream = await open(c.streamUrl);
    const backlog = await stream.next();
    expect(backlog.watermark).toBe('1');
    expect(backlog.activities[0].text).toMatch(/微信连接小助手/);
    await say(c, '微信连不上服务器');
    const received: Partial<Activity>[] = [];
    while (!received.some((a) => a.suggestedActions)) received.push(...(await stream.next()).activities);
    expect(received[0].text).toBe('微信连不上服务器');
    expect(received.some((a) => a.type === 'trace')).toBe(false);
    expect(stream.frames.at(-1)?.watermark).toBe((await read(c)).watermark);
    stream.ws.close();
  });

  it('refuses a stream URL for another conversation, or a forged one', async () => {
    const a = await startConversation();
    const b = await startConversation();
    const foreign = b.streamUrl.replace(b.conversationId, a.conversationId);
    await expect(open(foreign)).rejects.toThrow('HTTP 403');
    await expect(open(a.streamUrl.replace(/t=[^&]+/, 't=garbage'))).rejects.toThrow('HTTP 403');
  });
});

describe('the chat page', () => {
  it('serves HTML that loads the Web Chat bundle from this server, without the secret', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<script src="/webchat/webchat.js"></script>');
    expect(html).not.toContain(SECRET);
    const bundle = await fetch(`${base}/webchat/webchat.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    for (const file of ['app.js', 'i18n.js', 'style.css']) {
      const asset = await fetch(`${base}/webchat/${file}`);
      expect(asset.status).toBe(200);
      expect(await asset.text()).not.toContain(SECRET);
    }
    expect((await fetch(`${base}/webchat/..%2Fpackage.json`)).status).toBe(404);
  });

  it('gives the page a token for a new conversation, never the secret', async () => {
    const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text);
    expect(body.token.split('.')).toHaveLength(3);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('kept in the storage layer', () => {
  it('a web chat conversation survives a restart (SQLite, no DIRECTLINE_SECRET set): same token, same history', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dl-restart-'));
    const env = { STORAGE: 'sqlite', DATA_DIR: dir };
    const first = testApp({ knowledge: app.knowledge, recognizer: app.recognizer }, env);
    const root1 = await listen(first);
    const c = await startConversation(root1);
    await say(c, '微信连不上服务器', {}, root1);
    const before = await read(c, '', root1);
    await stop(first);

    const second = testApp({ knowledge: app.knowledge, recognizer: app.recognizer }, env);
    const root2 = await listen(second);
    // The page's stored token still works, and the history is all there.
    const resumed = await call<Started>('GET', `${dl}/conversations/${c.conversationId}?watermark=`, c.token, undefined, false, root2);
    expect(resumed.status).toBe(200);
    const after = await read(c, '', root2);
    expect(after.activities.map((a) => a.text)).toEqual(before.activities.map((a) => a.text));
    // …and the dialog carries on at the same question.
    await say(c, '不确定', {}, root2);
    const next = await read(c, after.watermark, root2);
    expect(messages(next).length).toBeGreaterThan(1);
    await stop(second);
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends at the same moment, from two replicas, get distinct positions and none is lost', async () => {
    const shared = new MemoryStorage();
    const replicas = [new StorageDirectLineStore(shared), new StorageDirectLineStore(shared)];
    await replicas[0].create({ id: 'c1', userId: 'dl_u', serviceUrl: 'http://x', createdAt: 0 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => replicas[i % 2].append('c1', { type: 'message', text: `m${i}` })),
    );
    const store = replicas[1];
    expect(new Set(results.map((r) => r.id)).size).toBe(10);
    const page = await store.read('c1', 0);
    expect(page.activities.map((a) => a.text).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
    expect(page.watermark).toBe(10);
  });

  it("an agent's reply from the desk lands in the web chat history", async () => {
    const agentToken = 'directline-desk-token-0123456789';
    const withDesk = testApp(
      { knowledge: app.knowledge, recognizer: app.recognizer },
      { DIRECTLINE_SECRET: SECRET, AGENT_TOKEN: agentToken },
    );
    const root = await listen(withDesk);
    const c = await startConversation(root);
    await say(c, '微信连不上服务器', {}, root);
    await say(c, '转人工', {}, root);
    const id = HandoffStore.idOf('directline', c.conversationId);
    const desk = (p: string, body: unknown) =>
      fetch(`${root}/agent/api/conversations/${id}${p}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await desk('/accept', { agent: 'Li' })).status).toBe(200);
    expect((await desk('/messages', { text: '你好，我是人工客服小李' })).status).toBe(200);
    const texts = messages(await read(c, '', root)).map((a) => a.text);
    expect(texts).toContain('你好，我是人工客服小李');
    expect(texts.some((t) => t?.includes('Li已加入'))).toBe(true);
    await stop(withDesk);
  });
});
