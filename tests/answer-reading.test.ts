/** Replies to the bot's own questions, read by the real machine with the question open (npm run eval:answers). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTroubleshootingMachine } from '../dialogs/troubleshooting';
import { dialogModelOf, loadKnowledge } from '../src/knowledge/load';
import { readAnswer, readAnswerLines, scoreAnswers, type AnswerCase } from '../src/understanding/answer-evaluation';
import { NaturalRecognizer } from '../src/understanding/recognizer';

const knowledge = loadKnowledge();
const recognizer = new NaturalRecognizer(knowledge);
const model = dialogModelOf(knowledge);
const machine = createTroubleshootingMachine(model);
const reply = (asked: AnswerCase['asked'], text: string, lang: AnswerCase['lang'] = 'zh') =>
  readAnswer(machine, model, recognizer, { asked, lang, text, answer: 'none', facts: {} });

const scoreFile = (name: string) =>
  scoreAnswers(machine, model, recognizer, readAnswerLines(path.join(__dirname, 'fixtures', name)), knowledge.patterns.implies);

describe('a reply to the question just asked', () => {
  it('takes a bare yes or no as the answer to that question', () => {
    expect(reply('vpn_proxy', '没').answer).toBe('no');
    expect(reply('other_apps_online', 'yeah', 'en').answer).toBe('yes');
  });

  it('leaves the question open for an FAQ asked instead, so it can be asked again', () => {
    expect(reply('vpn_proxy', '会不会丢聊天记录？').answer).toBe('none');
  });

  it('takes an answer in words that say nothing on their own, by what the question asks', () => {
    // "Does another network help?" — tried, and it still fails: a no.
    expect(reply('switch_network_helps', '换了也不行').answer).toBe('no');
    expect(reply('switch_network_helps', 'tried 4g too, same thing', 'en').answer).toBe('no');
    // "Have you already restarted, and it still fails?" — the same words are a yes (they were read as a no).
    expect(reply('restarted_device', '重启了 还是不行').answer).toBe('yes');
    expect(reply('restarted_device', 'yes still nothing', 'en').answer).toBe('yes');
    expect(reply('restarted_device', '还没试').answer).toBe('no');
    // "Has a permission been turned off?" — everything on is a no (a bare "开着的" read as yes).
    expect(reply('permissions_restricted', '都开着的').answer).toBe('no');
    expect(reply('storage_low', '快满了').answer).toBe('yes');
    expect(reply('several_devices', '就手机').answer).toBe('no');
  });

  it('takes "it works now" as a yes only where the question says so: after switching networks, not after a restart', () => {
    expect(reply('switch_network_helps', 'Yes!! switched and its fine now', 'en').answer).toBe('yes');
    // "重启了 好了" is not "restarted, and it still fails": the bot checks whether it works now instead.
    expect(reply('restarted_device', '重启了 好了').answer).toBe('none');
  });

  it('takes not being able to tell, and a hedge, as what they are at any question', () => {
    expect(reply('storage_low', '怎么看啊').answer).toBe('unknown');
    expect(reply('outage_notice', "haven't looked", 'en').answer).toBe('unknown');
    expect(reply('youth_mode', '好像没有吧').answer).toBe('no');
    expect(reply('vpn_proxy', 'probably not', 'en').answer).toBe('no');
    // A clear yes it opens with outweighs a "didn't notice" after it.
    expect(reply('firewall_prompt', '有 弹过一个 我没注意点了啥').answer).toBe('yes');
    // "Seen" is not "looked": 没看到 is a no.
    expect(reply('outage_notice', '没看到').answer).toBe('no');
  });

  it('records another fact stated instead, and the question as not answered', () => {
    const got = reply('vpn_proxy', '手机存储快满了');
    expect(got.answer).toBe('none');
    expect(got.facts).toEqual({ storage_low: 'yes' });
  });
});

describe('labelled replies written apart from the patterns', () => {
  // Two helpers, shown only the guide, the seed and the questions, wrote 220 replies each (10 per
  // question, zh and en). The understanding is mended from the dev file only.
  it('takes the held-out replies as labelled in ≥ 0.88 of cases (0.914 now, 0.727 when written), and flips at most one yes/no', () => {
    const r = scoreFile('answers-heldout.jsonl');
    expect(r.of).toBe(220);
    expect(r.right / r.of).toBeGreaterThanOrEqual(0.88);
    expect(r.flipped).toBeLessThanOrEqual(1);
  });

  it('keeps reading the dev replies it was mended from (≥ 0.96; 0.991 now, 0.773 when written)', () => {
    const r = scoreFile('answers-dev.jsonl');
    expect(r.right / r.of).toBeGreaterThanOrEqual(0.96);
  });

  // A third writer, asked for more hard replies and more voices; mended from too.
  it('keeps reading the second dev file (≥ 0.92; 0.955 now, 0.827 when written)', () => {
    const r = scoreFile('answers-dev-2.jsonl');
    expect(r.right / r.of).toBeGreaterThanOrEqual(0.92);
  });

  it('says which line of a labelled file is wrong, and how', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'answers-'));
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      '{"asked": "vpn_proxy", "lang": "zh", "text": "没", "answer": "no", "facts": {}}\n{"asked": "vpn", "lang": "zh", "text": "没", "answer": "no"}\n',
    );
    expect(() => readAnswerLines(file)).toThrow(/bad\.jsonl:2: "asked" must be a fact id/);
    writeFileSync(file, '{"asked": "vpn_proxy", "lang": "zh", "text": "没", "answer": "maybe"}\n');
    expect(() => readAnswerLines(file)).toThrow(/bad\.jsonl:1: the answer to vpn_proxy must be one of yes no unknown none, not "maybe"/);
    writeFileSync(
      file,
      '{"asked": "recent_change", "lang": "en", "text": "updated ios", "answer": "system_update", "facts": {"vpn_proxy": "on"}}\n',
    );
    expect(() => readAnswerLines(file)).toThrow(/bad\.jsonl:1: vpn_proxy cannot be "on"/);
  });

  it('scores a file: right, flipped, missed', () => {
    const cases: AnswerCase[] = [
      { asked: 'vpn_proxy', lang: 'zh', text: '没', answer: 'no', facts: {} },
      // Labelled wrongly on purpose: the bot reads a no, so this counts as flipped.
      { asked: 'vpn_proxy', lang: 'zh', text: '没有', answer: 'yes', facts: {} },
      { asked: 'vpn_proxy', lang: 'zh', text: '会不会丢聊天记录？', answer: 'no', facts: {} },
    ];
    const r = scoreAnswers(machine, model, recognizer, cases);
    expect(r).toMatchObject({ right: 1, of: 3, flipped: 1, missed: 1 });
    expect(r.misread.map((m) => m.case.text)).toEqual(['没有', '会不会丢聊天记录？']);
  });
});
