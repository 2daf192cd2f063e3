/**
 * Simulated users (tests/scenarios/) played through the real pipeline, with floors just under
 * the current figures so a regression in understanding or diagnosis fails CI. The full report is
 * `npm run eval:dialogs`.
 */
import path from 'node:path';
import { loadAnswers, loadScenarios, simulate, summarize, withWrittenReplies, type Result } from '../scripts/dialog-simulator';
import { readAnswerLines } from '../src/understanding/answer-evaluation';
import { testApp } from './support/test-app';

let results: Result[];

beforeAll(async () => {
  const app = testApp();
  const answers = loadAnswers();
  results = [];
  for (const scenario of loadScenarios()) results.push(await simulate(app, scenario, answers));
}, 120_000);

describe('simulated users', () => {
  it('cover every cause in both languages', () => {
    const scenarios = loadScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    for (const cause of ['network', 'server', 'device', 'account', 'security']) {
      for (const lang of ['zh', 'en']) expect(scenarios.some((s) => s.cause === cause && s.lang === lang)).toBe(true);
    }
  });

  it('who know the facts get the true cause at the first fix step: the original set (floor 0.92; now 0.977)', () => {
    expect(summarize(results.filter((r) => r.set === 'original')).diagnosis.rate).toBeGreaterThanOrEqual(0.92);
  });

  it('… and the set written without looking at the bot, then used to find gaps (floor 0.8; now 0.896)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-1')).diagnosis.rate).toBeGreaterThanOrEqual(0.8);
  });

  it('… and the second blind set, kept for checking only (floor 0.7; now 0.867; 0.700 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-2')).diagnosis.rate).toBeGreaterThanOrEqual(0.7);
  });

  it('… and the third blind set, written by a helper that saw only the guide and the scenario format (floor 0.8; now 0.933; 0.833 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-3')).diagnosis.rate).toBeGreaterThanOrEqual(0.8);
  });

  it('… and the fourth blind set, written the same way at the end of the session that tuned on blind-3 (floor 0.83; now 0.933; 0.900 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-4')).diagnosis.rate).toBeGreaterThanOrEqual(0.83);
  });

  it('… and the fifth blind set, written the same way at the start of the session that changed the fix walk (floor 0.8; now 0.900; 0.833 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-5')).diagnosis.rate).toBeGreaterThanOrEqual(0.8);
  });

  it('… and the sixth blind set, written the same way at the start of session 5 (floor 0.86; now 0.967; 0.933 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-6')).diagnosis.rate).toBeGreaterThanOrEqual(0.86);
  });

  it('… and the seventh, written the same way at the start of session 6 (floor 0.8; now 0.900; 0.833 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-7')).diagnosis.rate).toBeGreaterThanOrEqual(0.8);
  });

  it('… and the eighth, written the same way in session 7 with the new "what changed?" question among the facts (floor 0.83; now 0.967; 0.933 on the bot before that question)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-8')).diagnosis.rate).toBeGreaterThanOrEqual(0.83);
  });

  it('… and the ninth, written the same way at the start of session 8 (floor 0.8; now 0.867; 0.867 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-9')).diagnosis.rate).toBeGreaterThanOrEqual(0.8);
  });

  it('… and the tenth, written the same way late in session 8 with a phone-firewall check among the facts, its one answer to that left out (floor 0.8; now 0.867; 0.833 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-10')).diagnosis.rate).toBeGreaterThanOrEqual(0.8);
  });

  it('… and the eleventh, written the same way at the start of session 9 (floor 0.76; now 0.800; 0.800 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-11')).diagnosis.rate).toBeGreaterThanOrEqual(0.76);
  });

  it('… and the twelfth, written the same way at the start of session 10 (floor 0.83; now 0.933; 0.867 on its first run)', () => {
    expect(summarize(results.filter((r) => r.set === 'blind-12')).diagnosis.rate).toBeGreaterThanOrEqual(0.83);
  });

  it('who know little still get the true cause first now and then (floor 0.3; now 0.420)', () => {
    expect(summarize(results).diagnosisLittle.rate).toBeGreaterThanOrEqual(0.3);
  });

  it('are rarely asked to clarify (under 5 % of turns)', () => {
    expect(summarize(results).clarificationRate).toBeLessThan(0.05);
  });

  it('are asked few questions (median ≤ 3) and never the same one twice', () => {
    const s = summarize(results);
    expect(s.medianQuestions).toBeLessThanOrEqual(3);
    expect(s.repeats).toBe(0);
  });

  it('whose problem the fixes can solve mostly get it solved by the bot — only a step that remedies their sub-cause counts — without a person (floor 0.85; now 0.913)', () => {
    const { n, of } = summarize(results).resolvedByBot;
    expect(n / of).toBeGreaterThanOrEqual(0.85);
  });

  it('all end properly — resolved or with a person — within 20 turns', () => {
    expect(results.filter((r) => r.ending === 'unfinished').map((r) => r.id)).toEqual([]);
  });
});

describe('simulated users answering in the words people wrote (eval:answers held-out replies)', () => {
  let written: Result[];

  beforeAll(async () => {
    const app = testApp();
    const answers = withWrittenReplies(loadAnswers(), readAnswerLines(path.join(__dirname, 'fixtures/answers-heldout.jsonl')));
    written = [];
    for (const scenario of loadScenarios().filter((s) => s.set === 'original' || s.set === 'blind-1')) {
      written.push(await simulate(app, scenario, answers));
    }
  }, 120_000);

  it('still mostly get the true cause first (floor 0.83; now 0.879 on the original and blind-1 sets, 0.934 in the phrasings of answers.yaml)', () => {
    expect(summarize(written).diagnosis.rate).toBeGreaterThanOrEqual(0.83);
  });

  it('all end properly, are never asked the same question twice, and are rarely asked to clarify', () => {
    const s = summarize(written);
    expect(written.filter((r) => r.ending === 'unfinished').map((r) => r.id)).toEqual([]);
    expect(s.repeats).toBe(0);
    expect(s.clarificationRate).toBeLessThan(0.05);
  });
});
