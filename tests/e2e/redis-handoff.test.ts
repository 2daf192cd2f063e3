/**
 * A handoff across two replicas on one Redis: the user talks to replica A, the agent's desk is on
 * replica B. The queue, the assignment and the live relay must meet through Redis.
 */
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app';
import { HandoffStore } from '../../src/handoff/handoff-store';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { deskEvents, deskOf, until, userOf } from '../support/handoff-client';
import { testApp } from '../support/test-app';
import { startRedisServer, type RedisServer } from './support/redis-server';

const TOKEN = 'replica-desk-token-0123456789abcdef';

let redis: RedisServer;
let channel: FakeConnector;
let a: App;
let b: App;
let baseA: string;
let baseB: string;

async function listen(app: App): Promise<string> {
  await app.storage.ready?.();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  redis = await startRedisServer();
  channel = await startFakeConnector();
  const env = { STORAGE: 'redis', REDIS_URL: redis.url, AGENT_TOKEN: TOKEN, DIRECTLINE_SECRET: 'replica-directline-secret-0123' };
  a = testApp({}, env);
  b = testApp({ knowledge: a.knowledge, recognizer: a.recognizer }, env);
  baseA = await listen(a);
  baseB = await listen(b);
});

afterAll(async () => {
  for (const app of [a, b]) {
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
    await app.close();
  }
  await channel.close();
  await redis.stop();
});

const userSays = (text: string) => userOf(baseA, channel.url, 'replicas-1')(text);
const deskB = (method: string, path: string, body?: unknown) => deskOf(baseB, TOKEN)(method, path, body);

test('the user on replica A, the agent on replica B: queue, accept, both ways live, close', async () => {
  const live = deskEvents(baseB, TOKEN);
  const events = live.events;

  await userSays('微信连不上服务器');
  await userSays('转人工');
  await until(() => events.some((e) => e.type === 'queued'), 'the queued event on replica B');

  const id = HandoffStore.idOf('webchat', 'replicas-1');
  expect((await deskB('GET', '/queue')).body.waiting.map((r) => r.id)).toEqual([id]);
  expect((await deskB('POST', `/conversations/${id}/accept`, { agent: 'Li' })).status).toBe(200);
  expect(channel.messages('replicas-1').at(-1)).toContain('Li已加入');

  await userSays('我用的是安卓手机');
  await until(() => events.some((e) => e.type === 'user_message' && e.text === '我用的是安卓手机'), 'the relayed message on replica B');

  expect((await deskB('POST', `/conversations/${id}/messages`, { text: '好的，我们一步步来' })).status).toBe(200);
  expect(channel.messages('replicas-1').at(-1)).toBe('好的，我们一步步来');

  expect((await deskB('POST', `/conversations/${id}/close`)).status).toBe(200);
  expect(channel.messages('replicas-1').at(-1)).toContain('1到5分');
  await live.stop();
});
