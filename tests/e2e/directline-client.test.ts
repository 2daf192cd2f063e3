/**
 * Microsoft's own Direct Line client (botframework-directlinejs, what Web Chat runs on) against
 * our endpoint from Node, over polling and over the WebSocket stream.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { ConnectionStatus, DirectLine, type Activity, type Message } from 'botframework-directlinejs';
import WebSocket from 'ws';
import type { App } from '../../src/app';
import { testApp } from '../support/test-app';

const SECRET = 'e2e-directline-secret-0123456789';
let app: App;
let base: string;

// The rxjs 5 Observable directlinejs itself is built on (its ajax service must return one).
const { Observable } = createRequire(require.resolve('botframework-directlinejs'))('rxjs/Observable');

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** directlinejs's HTTP service on fetch (it defaults to XMLHttpRequest, which Node lacks). */
function ajax(request: AjaxRequest) {
  return Observable.create((subscriber: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => {
    fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    })
      .then(async (res) => {
        const text = await res.text();
        const response = text ? JSON.parse(text) : null;
        const xhr = { getResponseHeader: (name: string) => res.headers.get(name) };
        if (res.ok) {
          subscriber.next({ status: res.status, response, xhr });
          subscriber.complete();
        } else subscriber.error({ status: res.status, response, xhr });
      })
      .catch((error) => subscriber.error({ status: 0, error }));
  });
}

beforeAll(async () => {
  app = testApp({}, { DIRECTLINE_SECRET: SECRET });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  app.directLine.close();
  await new Promise<void>((resolve) => app.server.close(() => resolve()));
  await app.close();
});

/** A token for a new conversation, as a web site's server asks for one with the secret, and its user (as Web Chat reads it). */
async function token(): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } });
  const { token } = (await res.json()) as { token: string };
  return { token, userId: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).user };
}

/** Starts a conversation, says `text`, and resolves with the bot's answer to it. */
async function converse(
  directLine: DirectLine,
  text: string,
  userId: string,
): Promise<{ greeting: Message; answer: Message; seen: Activity[] }> {
  const seen: Activity[] = [];
  const waiting: (() => void)[] = [];
  // One subscription for the whole conversation, as Web Chat holds it.
  const subscription = directLine.activity$.subscribe((activity) => {
    seen.push(activity);
    waiting.splice(0).forEach((check) => check());
  });
  const botMessage = (predicate: (m: Message) => boolean) =>
    new Promise<Message>((resolve) => {
      const check = () => {
        const found = seen.find((a): a is Message => a.type === 'message' && a.from.role === 'bot' && predicate(a));
        if (found) resolve(found);
        else waiting.push(check);
      };
      check();
    });
  try {
    const greeting = await botMessage(() => true);
    const id = await new Promise<string>((resolve, reject) =>
      directLine.postActivity({ type: 'message', from: { id: userId, role: 'user' }, text }).subscribe(resolve, reject),
    );
    const answer = await botMessage((m) => (m as Message & { replyToId?: string }).replyToId === id && !!m.suggestedActions);
    return { greeting, answer, seen };
  } finally {
    subscription.unsubscribe();
  }
}

test('polling: the client starts a conversation, gets the greeting and the answer to its message', async () => {
  const { token: dlToken, userId } = await token();
  // Even when polling, directlinejs reads `services.WebSocket || WebSocket`: without a global one, pass it.
  const directLine = new DirectLine({
    domain: `${base}/v3/directline`,
    token: dlToken,
    webSocket: false,
    pollingInterval: 200,
    ajax,
    WebSocket,
  } as never);
  try {
    const { greeting, answer, seen } = await converse(directLine, '微信连不上服务器', userId);
    expect(greeting.text).toMatch(/微信连接小助手|WeChat/);
    expect(answer.text).toMatch(/[？?]/);
    expect(answer.suggestedActions?.actions.length).toBeGreaterThan(1);
    expect(seen.map((a) => a.type as string)).not.toContain('trace');
    expect(directLine.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
  } finally {
    directLine.end();
  }
});

test('WebSocket: the same over the stream, with the secret, as a server-side client would', async () => {
  // directlinejs uses the stream only when a global WebSocket exists (`typeof WebSocket`; Node 20 has none).
  const global = globalThis as { WebSocket?: unknown };
  const before = global.WebSocket;
  global.WebSocket = WebSocket;
  const requests: string[] = [];
  const counting = (request: AjaxRequest) => {
    requests.push(`${request.method ?? 'GET'} ${new URL(request.url).pathname}`);
    return ajax(request);
  };
  const directLine = new DirectLine({ domain: `${base}/v3/directline`, secret: SECRET, ajax: counting } as never);
  try {
    const { answer } = await converse(directLine, 'WeChat cannot connect to the server', 'site-user-1');
    expect(answer.locale).toBe('en-US');
    expect(answer.suggestedActions?.actions.map((a) => a.title)).toContain('Not sure');
    // Activities arrived on the stream: nothing polled them.
    expect(requests.filter((r) => r.startsWith('GET') && r.endsWith('/activities'))).toEqual([]);
  } finally {
    directLine.end();
    global.WebSocket = before;
  }
});
