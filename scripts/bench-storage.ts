/**
 * Turns per second on each storage backend, as ratios against memory measured in the same run
 * (absolute figures depend on the machine; ratios much less): `npm run bench:storage`.
 * Options: --conversations 20 --turns 10 --rounds 3. Uses REDIS_URL if set, else starts a
 * throwaway redis-server (Debian package redis-server). Every backend runs the same workload:
 * conversations in parallel, each a problem report then FAQ questions, through the real turn
 * (understanding, lock, load, machine, save with eTag). "redis ×2" is two app instances on one
 * Redis taking alternate turns of every conversation, as two replicas would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Activity } from 'botbuilder';
import { createApp, type App } from '../src/app';
import { InProcessAdapter } from '../src/channels/in-process-adapter';
import { loadConfig } from '../src/config';
import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { startRedisServer, type RedisServer } from '../tests/e2e/support/redis-server';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '20' },
    turns: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const CONVERSATIONS = Number(values.conversations);
const TURNS = Number(values.turns);
const ROUNDS = Number(values.rounds);
/** Redis means replicas, which must share these (start-up refuses STORAGE=redis without them). */
const SHARED_SECRETS = { DIRECTLINE_SECRET: 'bench-directline-secret-0123', AGENT_TOKEN: 'bench-agent-token-0123456789' };
const TEXTS = ['微信连不上服务器', '聊天记录会丢失吗', '重启微信和重启手机有什么区别', '以后怎么预防这个问题'];

const knowledge = loadKnowledge();
const recognizer = new NaturalRecognizer(knowledge);

async function app(env: Record<string, string>): Promise<App> {
  const made = createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env }), { knowledge, recognizer });
  await made.storage.ready?.();
  return made;
}

/** Every conversation's turns in order, conversations in parallel; turn t of conversation c goes to apps[(c + t) % n]. */
async function workload(apps: App[], run: string): Promise<number> {
  const adapter = new InProcessAdapter(() => undefined);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      const base = {
        type: 'message',
        channelId: 'bench',
        serviceUrl: 'bench://',
        conversation: { id: `${run}-${c}` } as Activity['conversation'],
        from: { id: `user-${c}`, name: 'user' },
        recipient: { id: 'bot', name: 'bot' },
        locale: 'zh-CN',
      };
      for (let t = 0; t < TURNS; t++) {
        const target = apps[(c + t) % apps.length];
        await adapter.process({ ...base, text: t === 0 ? TEXTS[0] : TEXTS[1 + (t % 3)] }, (context) => target.bot.run(context));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (CONVERSATIONS * TURNS) / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  let redis: RedisServer | undefined;
  const redisUrl = process.env.REDIS_URL ?? (redis = await startRedisServer()).url;
  const backends: [string, App[]][] = [
    ['memory', [await app({ STORAGE: 'memory' })]],
    ['sqlite', [await app({ STORAGE: 'sqlite', DATA_DIR: dataDir })]],
    ['redis', [await app({ STORAGE: 'redis', REDIS_URL: redisUrl, ...SHARED_SECRETS })]],
    [
      'redis ×2',
      [
        await app({ STORAGE: 'redis', REDIS_URL: redisUrl, ...SHARED_SECRETS }),
        await app({ STORAGE: 'redis', REDIS_URL: redisUrl, ...SHARED_SECRETS }),
      ],
    ],
  ];
  try {
    // One warm-up round (JIT, SQLite page cache, Redis script cache), then rounds with the backends interleaved.
    for (const [name, apps] of backends) await workload(apps, `warm-${name}`);
    const rates = new Map<string, number[]>(backends.map(([name]) => [name, []]));
    const ratios = new Map<string, number[]>(backends.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      let baseline = 0;
      for (const [name, apps] of backends) {
        const rate = await workload(apps, `r${round}-${name}-${Date.now()}`);
        if (name === 'memory') baseline = rate;
        rates.get(name)!.push(rate);
        ratios.get(name)!.push(rate / baseline);
      }
    }
    console.log(`${CONVERSATIONS} conversations × ${TURNS} turns, ${ROUNDS} rounds (medians)`);
    console.log('backend    turns/s  vs memory');
    for (const [name] of backends) {
      console.log(
        `${name.padEnd(9)} ${median(rates.get(name)!).toFixed(0).padStart(8)}  ${median(ratios.get(name)!).toFixed(2).padStart(9)}`,
      );
    }
  } finally {
    for (const [, apps] of backends) for (const a of apps) await a.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
