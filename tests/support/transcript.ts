/**
 * Conversation tests as chat transcripts (tests/transcripts/*.chat), run through botbuilder's
 * TestAdapter against the real bot. A transcript reads like the chat it checks:
 *
 *   locale: zh-CN                     the user's client locale (optional)
 *   start                             the user opens the conversation (conversationUpdate)
 *   user: 微信连不上服务器              the user sends a message
 *   bot: 其他App                      a bot message of this turn contains this text (the same
 *                                     bubble as the previous bot line, or a later one)
 *   options: 是 | 否 | 不确定           …and offers exactly these buttons
 *   trace: state=diagnosing questionId=other_apps_online
 *                                     the turn's troubleshooting trace has these values
 *                                     (state matches by prefix; `-key` means the key is absent)
 *   # comment
 */
import { readFileSync } from 'node:fs';
import { TestAdapter, type Activity } from 'botbuilder';
import type { App } from '../../src/app';
import { traceProblems } from './trace-contract';

type Step =
  | { kind: 'start'; line: number }
  | { kind: 'user'; text: string; line: number }
  | { kind: 'bot'; text: string; line: number }
  | { kind: 'options'; titles: string[]; line: number }
  | { kind: 'trace'; expect: Record<string, string>; line: number };

export interface Transcript {
  file: string;
  title: string;
  locale: string;
  steps: Step[];
}

export function parseTranscript(file: string): Transcript {
  const steps: Step[] = [];
  let locale = 'zh-CN';
  let title = file;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      const text = raw.trim();
      if (!text) return;
      if (text.startsWith('#')) {
        if (title === file) title = text.replace(/^#\s*/, '');
        return;
      }
      if (text === 'start') return steps.push({ kind: 'start', line });
      const m = /^(\w+):\s*(.*)$/.exec(text);
      if (!m) throw new Error(`${file}:${line}: expected "who: text", got "${text}"`);
      const [, key, rest] = m;
      if (key === 'locale') locale = rest;
      else if (key === 'user') steps.push({ kind: 'user', text: rest, line });
      else if (key === 'bot') steps.push({ kind: 'bot', text: rest, line });
      else if (key === 'options') steps.push({ kind: 'options', titles: rest.split('|').map((s) => s.trim()), line });
      else if (key === 'trace') {
        const expect = Object.fromEntries(
          rest.split(/\s+/).map((pair) => (pair.startsWith('-') ? [pair, ''] : (pair.split('=') as [string, string]))),
        );
        steps.push({ kind: 'trace', expect, line });
      } else throw new Error(`${file}:${line}: unknown line kind "${key}"`);
    });
  return { file, title, locale, steps };
}

function valueAt(trace: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), trace);
}

/** Runs a transcript; throws with the file and line of the first expectation that fails. */
export async function runTranscript(app: App, t: Transcript, conversationId: string): Promise<void> {
  const adapter = new TestAdapter(
    async (context) => app.bot.run(context),
    { conversation: { id: conversationId } } as Partial<Activity>,
    true,
  );
  adapter.locale = t.locale;
  let messages: Partial<Activity>[] = [];
  let trace: Record<string, unknown> | undefined;
  const user = { id: 'user-1', name: 'User' };

  const take = () => {
    const all = adapter.activeQueue.splice(0);
    messages = all.filter((a) => a.type === 'message');
    turn = messages;
    const traces = all.filter((a) => a.type === 'trace' && a.name === 'troubleshooting');
    if (traces.length !== 1) throw new Error(`expected one troubleshooting trace per turn, got ${traces.length}`);
    trace = traces[0].value as Record<string, unknown>;
    const problems = traceProblems(trace);
    if (problems.length) throw new Error(`${t.file}: the trace breaks its contract (${problems.join('; ')}): ${JSON.stringify(trace)}`);
  };
  let turn: Partial<Activity>[] = [];
  const fail = (step: Step, what: string) => {
    const seen = turn.map((m) => `    bot: ${m.text}`).join('\n');
    return new Error(`${t.file}:${step.line}: ${what}\n  this turn:\n${seen}\n  trace: ${JSON.stringify(trace)}`);
  };

  let last: Partial<Activity> | undefined;
  for (const step of t.steps) {
    switch (step.kind) {
      case 'start':
        await adapter.processActivity({ type: 'conversationUpdate', membersAdded: [user], from: user, locale: t.locale });
        take();
        break;
      case 'user':
        await adapter.processActivity({ type: 'message', text: step.text, from: user, locale: t.locale });
        take();
        last = undefined;
        break;
      case 'bot': {
        // Several `bot:` lines may check one bubble; otherwise move on to the next bubble that matches.
        if (last && (last.text ?? '').includes(step.text)) break;
        const index = messages.findIndex((m) => (m.text ?? '').includes(step.text));
        if (index < 0) throw fail(step, `expected a bot message containing "${step.text}"`);
        last = messages[index];
        messages = messages.slice(index + 1);
        break;
      }
      case 'options': {
        const titles = (last?.suggestedActions?.actions ?? []).map((a) => a.title);
        if (JSON.stringify(titles) !== JSON.stringify(step.titles))
          throw fail(step, `expected options ${step.titles.join(' | ')}, got ${titles.join(' | ')}`);
        break;
      }
      case 'trace':
        for (const [key, expected] of Object.entries(step.expect)) {
          if (key.startsWith('-')) {
            if (valueAt(trace ?? {}, key.slice(1)) !== undefined) throw fail(step, `expected no trace ${key.slice(1)}`);
            continue;
          }
          const actual = String(valueAt(trace ?? {}, key));
          const ok = key === 'state' ? actual === expected || actual.startsWith(`${expected}.`) : actual === expected;
          if (!ok) throw fail(step, `expected trace ${key}=${expected}, got ${actual}`);
        }
        break;
    }
  }
}
