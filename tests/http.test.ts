/** The real restify server on a random port, spoken to as the Emulator and channels do. */
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import type { App } from '../src/app';
import { testApp } from './support/test-app';

let app: App;
let base: string;

beforeAll(async () => {
  app = testApp();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => app.server.close(() => resolve())));

function activity(conversationId: string, text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: `m-${Math.random()}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: 'user-1', name: 'User' } as Activity['from'],
    recipient: { id: 'bot', name: 'Bot' } as Activity['recipient'],
    conversation: { id: conversationId } as Activity['conversation'],
    locale: 'zh-CN',
    text,
    deliveryMode: 'expectReplies',
    ...extra,
  };
}

async function post(
  body: unknown,
  raw = false,
): Promise<{ status: number; body: { activities?: Partial<Activity>[]; error?: { message: string } } }> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const traceOf = (acts: Partial<Activity>[] = []) => acts.filter((a) => a.type === 'trace' && a.name === 'troubleshooting');

describe('POST /api/messages', () => {
  it('with expectReplies answers with the replies and exactly one troubleshooting trace', async () => {
    const res = await post(activity('http-1', '微信连不上服务器'));
    expect(res.status).toBe(200);
    const acts = res.body.activities ?? [];
    expect(acts.filter((a) => a.type === 'message').length).toBeGreaterThan(0);
    const traces = traceOf(acts);
    expect(traces).toHaveLength(1);
    const value = traces[0].value as {
      state: string;
      intent: { label: string; confidence: number };
      ranking: { category: string; probability: number }[];
      questionId?: string;
    };
    expect(value.state).toMatch(/^(welcome|triage|diagnosing|fixing|resolved|handoff|ended)(\.|$)/);
    expect(value.intent.label).toBe('unspecified');
    expect(value.ranking.map((r) => r.category).sort()).toEqual(['account', 'device', 'network', 'security', 'server']);
    expect(value.ranking.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 6);
    expect(value.questionId).toBeDefined();
  });

  it('continues a two-message conversation where it was', async () => {
    const first = traceOf((await post(activity('http-2', '微信连不上服务器'))).body.activities)[0].value as { questionId: string };
    const second = traceOf((await post(activity('http-2', '不知道'))).body.activities)[0].value as {
      questionId?: string;
      state: string;
      intent: { label: string };
    };
    expect(second.intent.label).toBe('dont_know');
    expect(second.questionId).toBeDefined();
    expect(second.questionId).not.toBe(first.questionId);
  });

  it('answers protocol garbage with 400 and a JSON error, never 500', async () => {
    for (const body of ['', '{}', '[]', 'null', '{"text": "no type"}']) {
      const res = await post(body, true);
      expect([400]).toContain(res.status);
      expect(res.body.error).toBeDefined();
    }
    const notJson = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('answers a message without text (a sticker) politely and keeps the conversation as it was', async () => {
    const first = traceOf((await post(activity('http-3', '微信连不上服务器'))).body.activities)[0].value as { questionId: string };
    const res = await post(activity('http-3', '', { attachments: [{ contentType: 'image/png', contentUrl: 'http://x/y.png' }] }));
    expect(res.status).toBe(200);
    expect(res.body.activities?.find((a) => a.type === 'message')?.text).toMatch(/文字|文本|打字/);
    const again = traceOf((await post(activity('http-3', '不知道'))).body.activities)[0].value as { questionId?: string };
    expect(again.questionId).not.toBe(first.questionId);
  });
});

describe('GET /healthz', () => {
  it('reports ready once knowledge is loaded and the model trained', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', knowledge: 'loaded', model: 'trained' });
  });
});
