/**
 * Seeded random conversations through the real bot: any mix of problem reports, answers, small
 * talk, FAQs, button presses and garbage (empty, huge, emoji, markup, control characters, card
 * payloads of the wrong shape) gets an answer every turn, a trace that keeps its contract, no
 * unfilled placeholder, and a person whenever one is asked for. The transcripts test the paths we
 * thought of; this tests the ones we did not.
 */
import { TestAdapter } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { LABELS } from '../dialogs/types';
import { loadConfig } from '../src/config';
import { loadKnowledge } from '../src/knowledge/load';
import { sharedTestApp } from './support/test-app';
import { traceProblems } from './support/trace-contract';

const knowledge = loadKnowledge();
const maxChars = loadConfig({ LOG_LEVEL: 'silent' }).MAX_MESSAGE_CHARS;

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const phrases = (['zh', 'en'] as const).flatMap((lang) => LABELS.flatMap((label) => knowledge.training[lang][label]));
const buttons = Object.values(knowledge.messages.options).flatMap((o) => [o.zh, o.en]);
const garbage = [
  '',
  '   ',
  '\u0000\u0007\u001b[31m',
  '🙂🙂🙂',
  '😡😡 微信!!!',
  '？？？',
  '...',
  '12345',
  'ＷＥＣＨＡＴ　ＣＡＮＴ　ＣＯＮＮＥＣＴ',
  '微信連不上伺服器',
  '<script>alert(1)</script>',
  "'; DROP TABLE dialogs; --",
  '{"text": "yes"}',
  '**bold** _it_ `code` [link](http://example.com)',
  'مرحبا، واتساب لا يعمل',
  'e\u0301\u0301\u0301 z\u0336a\u0336l\u0336g\u0336o\u0336',
  '微信'.repeat(300),
  'a'.repeat(maxChars + 1),
  'asdfghjkl qwerty',
];

interface Sent {
  text?: string;
  value?: unknown;
  attachments?: Partial<Activity>['attachments'];
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function randomMessage(random: () => number): Sent {
  const r = random();
  if (r < 0.45) return { text: pick(random, phrases) };
  if (r < 0.65) return { text: pick(random, buttons) };
  if (r < 0.85) return { text: pick(random, garbage) };
  if (r < 0.9) return { value: { text: pick(random, buttons) } };
  if (r < 0.95) return { value: pick(random, [{ text: 42 }, 'yes', null, [1, 2], { action: 'unknown' }]) };
  return { attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/screenshot.png' }] };
}

const HAN = /\p{Script=Han}/u;
/** The language of a message that is plainly a sentence in one: 8+ Chinese characters, or 5+ English words and no Chinese. */
function sentence(text: string | undefined): 'zh' | 'en' | undefined {
  if (!text || text.length > maxChars) return undefined;
  if ((text.match(/\p{Script=Han}/gu) ?? []).length >= 8 && !/[a-z]{2}/i.test(text)) return 'zh';
  if (!HAN.test(text) && (text.match(/\b[a-z]{2,}\b/gi) ?? []).length >= 5) return 'en';
  return undefined;
}

/** What a reply must never show: a template hole or a leaked JavaScript value. */
const LEAK = /\{[a-zA-Z_]+\}|undefined|NaN|\[object Object\]/;

async function conversation(seed: number, turns: number): Promise<string[]> {
  const random = generator(seed);
  const app = sharedTestApp();
  const adapter = new TestAdapter(
    async (context) => app.bot.run(context),
    { conversation: { id: `random-${seed}` } } as Partial<Activity>,
    true,
  );
  const user = { id: `user-${seed}`, name: 'User' };
  const locale = random() < 0.5 ? 'zh-CN' : 'en-US';
  const problems: string[] = [];
  const check = (said: string, sentIn?: 'zh' | 'en'): { state: string; handoff?: boolean } | undefined => {
    const out = adapter.activeQueue.splice(0);
    const traces = out.filter((a) => a.type === 'trace' && a.name === 'troubleshooting');
    if (traces.length !== 1) {
      problems.push(`${said}: ${traces.length} troubleshooting traces`);
      return undefined;
    }
    const trace = traces[0].value as { state: string; handoff?: boolean; questionId?: string; stepId?: string };
    for (const p of traceProblems(trace)) problems.push(`${said}: trace ${p}`);
    // A question or a step only where the answer to it is taken.
    if (trace.questionId && !trace.state.startsWith('diagnosing')) problems.push(`${said}: asks ${trace.questionId} in ${trace.state}`);
    if (trace.stepId && !trace.state.startsWith('fixing')) problems.push(`${said}: presents ${trace.stepId} in ${trace.state}`);
    const messages = out.filter((a) => a.type === 'message');
    // With a person (or waiting for one) the user's words may go to the agent without a bot reply.
    if (messages.length === 0 && !trace.state.startsWith('handoff')) problems.push(`${said}: no reply in ${trace.state}`);
    for (const m of messages) {
      const text = [m.text ?? '', ...(m.attachments ?? []).map((a) => JSON.stringify(a.content ?? ''))].join(' ');
      if (!text.trim()) problems.push(`${said}: an empty reply`);
      if (LEAK.test(text)) problems.push(`${said}: the reply shows ${LEAK.exec(text)![0]}: ${text.slice(0, 200)}`);
      // A full sentence in one language is answered in it (English replies may quote 微信团队).
      if (sentIn === 'zh' && m.text && !HAN.test(m.text)) problems.push(`${said}: answered in English: ${m.text.slice(0, 80)}`);
      if (sentIn === 'en' && m.text && HAN.test(m.text) && !/[a-z]{3}/i.test(m.text))
        problems.push(`${said}: answered in Chinese: ${m.text.slice(0, 80)}`);
    }
    return trace;
  };

  await adapter.processActivity({ type: 'conversationUpdate', membersAdded: [user], from: user, locale });
  check('(start)');
  for (let i = 0; i < turns; i++) {
    const sent = randomMessage(random);
    const said = `seed ${seed} turn ${i + 1} ${JSON.stringify(sent).slice(0, 80)}`;
    try {
      await adapter.processActivity({ type: 'message', from: user, locale, ...sent });
      check(said, sentence(sent.text));
    } catch (error) {
      problems.push(`${said}: threw ${(error as Error).stack}`);
    }
  }
  // Whatever happened before, asking for a person gets one.
  await adapter.processActivity({ type: 'message', from: user, locale, text: locale === 'zh-CN' ? '转人工' : 'talk to a human' });
  const last = check('(asks for a person)');
  if (last && last.handoff !== true) problems.push(`seed ${seed}: asked for a person, got ${last.state}`);
  return problems;
}

describe('random conversations', () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('seed %i: every turn is answered and keeps the contract', async (seed) => {
    expect(await conversation(seed, 25)).toEqual([]);
  });
});
