/**
 * A person takes over and hands back, over real HTTP: the user on a channel (a fake Bot Connector
 * stands in for it), the agent on the desk API with its token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import type { App } from '../src/app';
import { HandoffStore } from '../src/handoff/handoff-store';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { deskEvents, deskOf, until, userOf } from './support/handoff-client';
import { testApp } from './support/test-app';

const TOKEN = 'desk-token-for-tests-0123456789';

// Training the understanding model is the slow part of an app: every app here shares one.
let trained: App | undefined;
function makeApp(env: Record<string, string> = {}): App {
  trained ??= testApp();
  return testApp({ knowledge: trained.knowledge, recognizer: trained.recognizer }, env);
}
afterAll(() => trained?.close());

async function listen(app: App): Promise<string> {
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function stop(app: App): Promise<void> {
  return new Promise<void>((resolve) => app.server.close(() => resolve())).then(() => app.close());
}

const user = userOf;
const desk = (base: string, token = TOKEN) => deskOf(base, token);

describe('handoff to the agent desk (HANDOFF_MODE=desk, the default)', () => {
  let app: App;
  let base: string;
  let channel: FakeConnector;

  beforeAll(async () => {
    channel = await startFakeConnector();
    app = makeApp({ AGENT_TOKEN: TOKEN, HANDOFF_TIMEOUT_S: '60' });
    base = await listen(app);
  });
  afterAll(async () => {
    await stop(app);
    await channel.close();
  });

  it('queues with a summary, the agent accepts, both talk live, the agent closes and the bot records the rating', async () => {
    const say = user(base, channel.url, 'loop-1');
    const agent = desk(base);
    const live = deskEvents(base, TOKEN);

    await say('微信连不上服务器');
    await say('转人工');
    const told = channel.messages('loop-1').join('\n');
    expect(told).toContain('问题摘要');
    expect(told).toContain('第1位');

    // The desk refuses anyone without the token.
    expect((await desk(base, 'wrong-token-wrong-token-wrong')('GET', '/queue')).status).toBe(401);
    expect((await fetch(`${base}/agent/api/queue`)).status).toBe(401);

    const queue = await agent('GET', '/queue');
    expect(queue.status).toBe(200);
    const waiting = queue.body.waiting[0];
    expect(waiting.position).toBe(1);
    expect(waiting.summary.problem).toContain('微信连不上服务器');
    expect(waiting.summary.ranking).toHaveLength(5);
    expect(waiting.summary.lang).toBe('zh');

    const accepted = await agent('POST', `/conversations/${waiting.id}/accept`, { agent: '客服小李' });
    expect(accepted.status).toBe(200);
    expect(channel.messages('loop-1').at(-1)).toContain('客服小李已加入');
    // A second agent cannot take it too.
    expect((await agent('POST', `/conversations/${waiting.id}/accept`, { agent: '客服小王' })).status).toBe(409);

    const detail = await agent('GET', `/conversations/${waiting.id}`);
    expect(detail.body.transcript.map((a) => a.text)).toContain('微信连不上服务器');

    expect(
      (await agent('POST', `/conversations/${waiting.id}/messages`, { text: '你好，我是小李，请问是安卓还是苹果手机？' })).status,
    ).toBe(200);
    expect(channel.messages('loop-1').at(-1)).toBe('你好，我是小李，请问是安卓还是苹果手机？');

    // The user's answer goes to the agent, and the bot stays quiet.
    const before = channel.messages('loop-1').length;
    await say('安卓，华为的');
    await until(() => live.events.some((e) => e.type === 'user_message' && e.text === '安卓，华为的'), 'the user message on the desk');
    expect(channel.messages('loop-1')).toHaveLength(before);

    expect((await agent('POST', `/conversations/${waiting.id}/close`)).status).toBe(200);
    const back = channel.messages('loop-1').slice(-1)[0];
    expect(back).toContain('结束');
    expect(back).toContain('1到5分');

    await say('5');
    expect(channel.messages('loop-1').at(-1)).toContain('谢谢你的评分');
    const store = (app.handoff as unknown as { deps: { store: HandoffStore } }).deps.store;
    expect((await store.ratings(waiting.id)).map((r) => [r.score, r.by])).toEqual([[5, 'agent']]);
    await live.stop();
    expect(live.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['queued', 'accepted', 'agent_message', 'user_message', 'closed']),
    );
  });

  it('the user can cancel while waiting: the conversation leaves the queue and the bot resumes', async () => {
    const say = user(base, channel.url, 'cancel-1');
    await say('微信连不上服务器');
    await say('转人工');
    const id = HandoffStore.idOf('webchat', 'cancel-1');
    expect((await desk(base)('GET', '/queue')).body.waiting.map((r) => r.id)).toContain(id);
    await say('取消');
    expect(channel.messages('cancel-1').at(-1)).toContain('已取消');
    expect((await desk(base)('GET', '/queue')).body.waiting.map((r) => r.id)).not.toContain(id);
    expect((await desk(base)('POST', `/conversations/${id}/accept`, { agent: 'Li' })).status).toBe(409);
  });

  it('nobody takes it in time: the user is told and can leave a message for staff', async () => {
    const say = user(base, channel.url, 'timeout-1');
    await say('微信连不上服务器');
    await say('转人工');
    expect(await app.handoff.sweep(Date.now() + 61_000)).toBeGreaterThanOrEqual(1);
    expect(channel.messages('timeout-1').at(-1)).toContain('没有空闲');
    // Told once only.
    expect(await app.handoff.sweep(Date.now() + 120_000)).toBe(0);
    await say('留言');
    await say('换了新手机以后一直登不上，麻烦回电');
    expect(channel.messages('timeout-1').at(-1)).toContain('留言已收到');
    const queue = await desk(base)('GET', '/queue');
    const mine = queue.body.waiting.find((r) => r.id === HandoffStore.idOf('webchat', 'timeout-1'));
    expect(mine?.summary.leftMessage).toBe('换了新手机以后一直登不上，麻烦回电');
  });

  it('staff switch on an outage notice: new conversations hear it first and the server cause leads', async () => {
    const agent = desk(base);
    expect(
      (await agent('PUT', '/outage', { on: true, zh: '华东地区微信服务异常，正在抢修', en: 'WeChat is down in East China' })).status,
    ).toBe(200);
    const replies = await user(base, channel.url, 'outage-1')('微信连不上服务器', { deliveryMode: 'expectReplies' });
    const texts = replies.filter((a) => a.type === 'message').map((a) => a.text);
    expect(texts.join('\n')).toContain('华东地区微信服务异常');
    const trace = replies.find((a) => a.type === 'trace')!.value as { ranking: { category: string }[] };
    expect(trace.ranking[0].category).toBe('server');
    await agent('PUT', '/outage', { on: false });
  });

  it('"delete my data" removes the transcript, the handoff record and the rating too', async () => {
    const say = user(base, channel.url, 'forget-1');
    await say('微信连不上服务器');
    await say('转人工');
    const id = HandoffStore.idOf('webchat', 'forget-1');
    await say('取消');
    expect((await app.transcripts.all('webchat', 'forget-1')).length).toBeGreaterThan(0);
    await say('删除我的数据');
    await say('是');
    expect(channel.messages('forget-1').at(-1)).toContain('删除');
    expect(await app.transcripts.all('webchat', 'forget-1')).toEqual([]);
    expect((await desk(base)('GET', `/conversations/${id}`)).status).toBe(404);
  });

  it('rejects bad desk input with a clear 400, and unknown conversations with 404', async () => {
    const agent = desk(base);
    expect((await agent('POST', `/conversations/${HandoffStore.idOf('webchat', 'nobody')}/accept`, { agent: 'Li' })).status).toBe(404);
    const bad = await agent('POST', `/conversations/x/accept`, { agent: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('agent');
  });
});

describe('the desk without AGENT_TOKEN', () => {
  it('is disabled, and says how to open it', async () => {
    const app = makeApp();
    const base = await listen(app);
    const res = await fetch(`${base}/agent/api/queue`, { headers: { authorization: 'Bearer anything-at-all-long-enough' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('AGENT_TOKEN');
    await stop(app);
  });
});

describe('handoff through a contact-centre platform (HANDOFF_MODE=platform)', () => {
  let app: App;
  let base: string;
  let channel: FakeConnector;

  beforeAll(async () => {
    channel = await startFakeConnector();
    app = makeApp({ AGENT_TOKEN: TOKEN, HANDOFF_MODE: 'platform' });
    base = await listen(app);
  });
  afterAll(async () => {
    await stop(app);
    await channel.close();
  });

  const expectReplies = { deliveryMode: 'expectReplies' } as Partial<Activity>;

  it.each(['directline', 'emulator'])('on %s sends handoff.initiate with the summary and the transcript', async (channelId) => {
    const say = user(base, channel.url, `platform-${channelId}`, channelId);
    await say('微信连不上服务器', expectReplies);
    const replies = await say('转人工', expectReplies);
    const initiate = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(initiate).toBeDefined();
    const value = initiate!.value as { summary: { problem: string[] }; text: string };
    expect(value.summary.problem).toContain('微信连不上服务器');
    expect(value.text).toContain('causes:');
    const transcript = initiate!.attachments![0].content as { activities: Activity[] };
    expect(transcript.activities.map((a) => a.text)).toEqual(expect.arrayContaining(['微信连不上服务器', '转人工']));
    // Not in the desk's queue: the platform has it.
    expect((await desk(base)('GET', '/queue')).body.waiting).toHaveLength(0);
  });

  it('reacts to handoff.status: accepted → an agent joined; completed → back to the bot with a rating', async () => {
    const say = user(base, channel.url, 'platform-status', 'directline');
    await say('微信连不上服务器', expectReplies);
    await say('转人工', expectReplies);
    const status = (state: string) => say('', { type: 'event', name: 'handoff.status', value: { state }, ...expectReplies });
    const joined = await status('accepted');
    expect(joined.find((a) => a.type === 'message')?.text).toContain('人工客服已加入');
    expect((joined.find((a) => a.type === 'trace')!.value as { handoff?: boolean }).handoff).toBe(true);
    const done = await status('completed');
    expect(done.map((a) => a.text).join('\n')).toContain('1到5分');
  });

  it('on Teams, which rejects handoff.initiate, the desk takes over instead', async () => {
    const replies = await (async () => {
      const say = user(base, channel.url, 'platform-teams', 'msteams');
      await say('微信连不上服务器', expectReplies);
      return say('转人工', expectReplies);
    })();
    expect(replies.some((a) => a.name === 'handoff.initiate')).toBe(false);
    expect((await desk(base)('GET', '/queue')).body.waiting.map((r) => r.id)).toContain(HandoffStore.idOf('msteams', 'platform-teams'));
  });
});

describe('the default desk mode', () => {
  it('never sends a handoff event to the channel', async () => {
    const channel = await startFakeConnector();
    const app = makeApp({ AGENT_TOKEN: TOKEN });
    const base = await listen(app);
    const say = user(base, channel.url, 'desk-only', 'directline');
    await say('微信连不上服务器');
    await say('转人工');
    expect(channel.activities('desk-only').some((a) => a.type === 'event')).toBe(false);
    expect(channel.messages('desk-only').join('\n')).toContain('人工客服');
    await stop(app);
    await channel.close();
  });
});

describe('an agent whose user cannot be reached', () => {
  it('gets a 502, and the user keeps their place in the queue', async () => {
    const channel = await startFakeConnector();
    const app = makeApp({ AGENT_TOKEN: TOKEN });
    const base = await listen(app);
    // The user's channel goes away after the handoff request (e.g. the connector is down).
    const say = user(base, channel.url, 'gone-1');
    await say('微信连不上服务器');
    await say('转人工');
    await channel.close();
    const id = HandoffStore.idOf('webchat', 'gone-1');
    const res = await desk(base)('POST', `/conversations/${id}/accept`, { agent: 'Li' });
    expect(res.status).toBe(502);
    const queue = await desk(base)('GET', '/queue');
    expect(queue.body.waiting.map((r) => [r.id, r.position])).toEqual([[id, 1]]);
    expect(queue.body.active).toEqual([]);
    await stop(app);
  });
});

describe('a restart', () => {
  it('loses neither the queue nor the assignment (SQLite)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-'));
    const channel = await startFakeConnector();
    const env = { AGENT_TOKEN: TOKEN, STORAGE: 'sqlite', DATA_DIR: dir };
    const first = makeApp(env);
    let base = await listen(first);
    await user(base, channel.url, 'restart-a')('微信连不上服务器');
    await user(base, channel.url, 'restart-a')('转人工');
    await user(base, channel.url, 'restart-b')('微信连不上服务器');
    await user(base, channel.url, 'restart-b')('转人工');
    const a = HandoffStore.idOf('webchat', 'restart-a');
    const b = HandoffStore.idOf('webchat', 'restart-b');
    expect((await desk(base)('POST', `/conversations/${a}/accept`, { agent: 'Li' })).status).toBe(200);
    await stop(first);

    const second = makeApp(env);
    base = await listen(second);
    const queue = await desk(base)('GET', '/queue');
    expect(queue.body.waiting.map((r) => r.id)).toEqual([b]);
    expect(queue.body.active.map((r) => [r.id, r.agent])).toEqual([[a, 'Li']]);
    // The agent carries on where they were.
    expect((await desk(base)('POST', `/conversations/${a}/messages`, { text: '我还在' })).status).toBe(200);
    expect(channel.messages('restart-a').at(-1)).toBe('我还在');
    await stop(second);
    await channel.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('shutting down', () => {
  it("ends the desk's open event streams, so the HTTP server can close", async () => {
    const app = makeApp({ AGENT_TOKEN: TOKEN });
    const base = await listen(app);
    const live = deskEvents(base, TOKEN);
    const bus = app.storage.bus;
    // The stream is open once an event published now reaches it.
    await until(() => {
      void bus.publish('desk', { type: 'queued', id: 'probe', at: 0 });
      return live.events.length > 0;
    }, 'the desk stream to open');
    app.endStreams();
    await stop(app);
    await live.stop();
  });
});
