/**
 * STORAGE=redis as deployed: bot processes sharing one redis-server. A conversation survives a
 * SIGKILL of its replica, and two replicas taking turns of the same conversations at once lose
 * no turn and keep their order.
 */
import Redis from 'ioredis';
import { Renderer } from '../../src/channels/render';
import { DialogStore } from '../../src/conversation/dialog-store';
import { loadKnowledge } from '../../src/knowledge/load';
import { RedisStorage } from '../../src/storage/redis-storage';
import { say, send, startBot, type BotProcess } from '../support/bot-process';
import { deleteMyData } from './support/delete-data';
import { startRedisServer, type RedisServer } from './support/redis-server';

let redis: RedisServer;
let client: Redis;
/** Two replicas on the same Redis, as behind a load balancer. */
let replicas: BotProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every replica has the same secrets, as a deployment must (start-up refuses otherwise). */
const SHARED_SECRETS = { DIRECTLINE_SECRET: 'replicas-directline-secret-0123', AGENT_TOKEN: 'replicas-agent-token-0123456789' };
const replica = () => startBot({ STORAGE: 'redis', REDIS_URL: redis.url, LOG_LEVEL: 'error', ...SHARED_SECRETS });

/** The dialog context a replica stored for `conversationId`, read straight from Redis. */
async function storedContext(conversationId: string): Promise<{ turn: number; faqsAsked: string[] }> {
  const key = DialogStore.key('emulator', conversationId);
  const item = (await new RedisStorage(client).read([key]))[key] as {
    dialog: { snapshot: { context: { turn: number; faqsAsked: string[] } } };
  };
  return item.dialog.snapshot.context;
}

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url);
  replicas = await Promise.all([replica(), replica()]);
}, 90_000);
afterAll(async () => {
  await Promise.all(replicas.map((b) => b.kill()));
  if (client?.status === 'ready') await client.quit();
  else client?.disconnect();
  await redis?.stop();
});

it('continues a conversation after its replica is killed and started again', async () => {
  const first = await say(replicas[0].port, 'restart-redis', '微信连不上服务器');
  expect(first.trace.questionId).toBeDefined();
  expect((await say(replicas[0].port, 'restart-redis', '聊天记录会丢失吗')).trace.questionId).toBe(first.trace.questionId);
  await replicas[0].kill();

  replicas[0] = await replica();
  // Had the conversation been lost, this would be a fresh welcome with no open question.
  const after = await say(replicas[0].port, 'restart-redis', '聊天记录会丢失吗');
  expect(after.trace.state).toBe('diagnosing.asking');
  expect(after.trace.questionId).toBe(first.trace.questionId);
  expect((await storedContext('restart-redis')).turn).toBe(3);
  // CONVERSATION_TTL_DAYS (30 by default) is the key's expiry, counted from the last write.
  const ttl = await client.pttl(new RedisStorage(client).itemKey(DialogStore.key('emulator', 'restart-redis')));
  expect(ttl / 86_400_000).toBeGreaterThan(29.99);
  expect(ttl / 86_400_000).toBeLessThanOrEqual(30);
}, 90_000);

it('loses no turn of 20 conversations × 10 turns sent to two replicas at once, and keeps their order', async () => {
  const FAQS = [
    ['faq_history', '聊天记录会丢失吗'],
    ['faq_restart', '重启微信和重启手机有什么区别'],
    ['faq_prevention', '以后怎么预防这个问题'],
  ] as const;

  const conversation = async (c: number) => {
    const id = `replicas-${c}`;
    const port = (turn: number) => replicas[(c + turn) % 2].port;
    const opening = await say(port(1), id, '微信连不上服务器');
    const question = opening.trace.questionId;
    expect(question).toBeDefined();
    // Turns 2–4, one after another on alternating replicas: the three FAQs in an order of this
    // conversation's own. The stored dialog lists FAQs in the order it saw them.
    const order = [0, 1, 2].map((i) => FAQS[(c + i) % 3]);
    for (const [i, [label, text]] of order.entries()) {
      const reply = await say(port(2 + i), id, text);
      expect(reply.trace).toMatchObject({ state: 'diagnosing.asking', questionId: question, intent: { label } });
    }
    // Turns 5–10 in pairs, both replicas at the same moment (a user sending two messages quickly):
    // each turn must still see the conversation as it stands, never a stale or missing dialog.
    for (let pair = 0; pair < 3; pair++) {
      const replies = await Promise.all([0, 1].map((r) => say(replicas[r].port, id, FAQS[(pair + r) % 3][1])));
      for (const reply of replies) expect(reply.trace).toMatchObject({ state: 'diagnosing.asking', questionId: question });
    }
    return { id, expectedFaqs: order.map(([label]) => label) };
  };

  const results = await Promise.all(Array.from({ length: 20 }, (_, c) => conversation(c)));
  for (const { id, expectedFaqs } of results) {
    const context = await storedContext(id);
    expect({ id, turn: context.turn, faqsAsked: context.faqsAsked }).toEqual({ id, turn: 10, faqsAsked: expectedFaqs });
  }
}, 120_000);

it('deletes the conversation from Redis on "delete my data", confirmed on the other replica', async () => {
  const storage = new RedisStorage(client);
  await deleteMyData(
    replicas.map((r) => r.port),
    'delete-redis',
    async (key) => (await client.exists(storage.itemKey(key))) === 1,
  );
});

it('takes a replica out of rotation while Redis is down, apologises for turns meanwhile, and recovers', async () => {
  const health = async () => (await fetch(`http://127.0.0.1:${replicas[1].port}/healthz`)).status;
  const apology = new Renderer(loadKnowledge()).message('internal_error', 'zh');
  expect(await health()).toBe(200);
  await client.quit();
  await redis.stop();
  for (let i = 0; i < 50 && (await health()) !== 503; i++) await sleep(100);
  expect(await health()).toBe(503);
  expect(await send(replicas[1].port, 'outage', '微信连不上服务器')).toEqual({ texts: [apology], trace: undefined });

  redis = await startRedisServer(redis.port);
  client = new Redis(redis.url);
  for (let i = 0; i < 100 && (await health()) !== 200; i++) await sleep(100);
  expect(await health()).toBe(200);
  expect((await say(replicas[1].port, 'outage', '微信连不上服务器')).trace.questionId).toBeDefined();
});
