/** Understanding: labels with confidence, facts stated in free text, language, segmentation. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { LABELS, type FactId, type Label, type StatedAnswer } from '../dialogs/types';
import { loadKnowledge } from '../src/knowledge/load';
import { predict, readLabelledLines, score } from '../src/understanding/cross-validation';
import { readFactLines, scoreFacts } from '../src/understanding/fact-evaluation';
import { detectLanguage } from '../src/understanding/language';
import { normalizeText } from '../src/understanding/normalize';
import { ranking } from '../dialogs/diagnosis';
import { NaturalRecognizer } from '../src/understanding/recognizer';

const knowledge = loadKnowledge();
const recognizer = new NaturalRecognizer(knowledge);

describe('Chinese segmentation', () => {
  it('keeps domain words whole (ICU would split 微信 into 微|信)', () => {
    const words = recognizer.segmenter.cut('微信连不上服务器，青少年模式开着');
    expect(words).toEqual(expect.arrayContaining(['微信', '连不上', '服务器', '青少年模式']));
  });

  it('marks the words a negation governs, up to the end of its clause', () => {
    const negated = (text: string) => recognizer.segmenter.features(text).filter((f) => f.startsWith('!'));
    expect(negated('算了不要人工')).toEqual(['!人工']);
    expect(negated('没有开VPN，谢谢')).toEqual(['!开', '!vpn']);
    // A space between Chinese words ends the clause as a comma would; filler words do not count.
    expect(negated('不是网络的问题 是微信')).toEqual(['!网络', '!问题']);
    expect(negated('no need for a human, thanks')).toEqual(['!need', '!human']);
    expect(negated("I don't use a VPN")).toEqual(['!us', '!vpn']);
    // "cant" describes the fault itself, not a denial.
    expect(negated('wechat cant connect to the server')).toEqual([]);
  });
});

describe('normalisation', () => {
  it('folds full-width letters and digits, case and apostrophes', () => {
    expect(normalizeText('ＶＰＮ没开，４Ｇ')).toBe('vpn没开,4g');
    expect(normalizeText("WeChat CAN'T   connect")).toBe('wechat cant connect');
  });

  it('turns traditional characters into simplified ones and leaves mainland words alone', () => {
    expect(normalizeText('微信連不上網路')).toBe('微信连不上网路');
    expect(normalizeText('小程序打不开 聊天文件会丢吗')).toBe('小程序打不开 聊天文件会丢吗');
  });

  it('reads Taiwan and Hong Kong wording like the mainland words', () => {
    const traditional = recognizer.understand('微信連不上伺服器，網路應該沒問題');
    const simplified = recognizer.understand('微信连不上服务器，网络应该没问题');
    expect(traditional.label).toBe(simplified.label);
    expect(traditional.confidence).toBeCloseTo(simplified.confidence, 6);
    expect(recognizer.understand('我的帳號被凍結了').facts).toEqual({ account_notice: 'yes' });
    expect(recognizer.understand('沒有開VPN').facts).toEqual({ vpn_proxy: 'no' });
    expect(recognizer.understand('手機儲存空間不足').facts).toEqual({ storage_low: 'yes' });
  });
});

describe('intent classification', () => {
  // The command itself (`npm run eval:nlu`), over two fold deals pooled: one deal alone moves by
  // about ±0.005 with which phrases share a fold. Run as a process: under jest's sandbox the
  // training is several times slower.
  it('cross-validated accuracy over the training phrases is at least 0.945 (now 0.950), and F1 at least 0.9 for every label', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(__dirname, '../node_modules/tsx/dist/cli.mjs'), 'scripts/eval-nlu.ts', '--repeats', '2'],
      {
        cwd: path.join(__dirname, '..'),
        encoding: 'utf8',
        env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
      },
    );
    const accuracy = /^accuracy (\d\.\d+) \(\d+\/\d+\)$/m.exec(out);
    expect(accuracy).not.toBeNull();
    expect(Number(accuracy![1])).toBeGreaterThanOrEqual(0.945);
    const f1 = LABELS.map(
      (label) => [label, Number(new RegExp(`^${label} +\\d+ +[\\d.]+ +[\\d.]+ +([\\d.]+)$`, 'm').exec(out)?.[1])] as const,
    );
    expect(f1.filter(([, v]) => !(v >= 0.9))).toEqual([]);
  }, 120_000);

  it('reads phrases written apart from the training data (fixtures/nlu-heldout.jsonl) right at least 0.95 of the time (now 0.966)', () => {
    const report = score(predict(recognizer.classifier, readLabelledLines(path.join(__dirname, 'fixtures/nlu-heldout.jsonl'))));
    expect(report.total).toBeGreaterThanOrEqual(400);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  const cases = parse(readFileSync(path.join(__dirname, 'fixtures/understanding-cases.yaml'), 'utf8')) as Record<
    'zh' | 'en' | 'hard',
    Partial<Record<Label, string[]>>
  >;
  for (const group of ['zh', 'en', 'hard'] as const) {
    it(`reads hand-written ${group === 'hard' ? 'hard (short, misspelt, traditional, full-width, mixed)' : group} messages right`, () => {
      const wrong = LABELS.flatMap((label) =>
        (cases[group][label] ?? [])
          .map((text) => ({ text, expected: label, got: recognizer.understand(text).label }))
          .filter((r) => r.got !== r.expected),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('reads a one-letter typo of a word it knows when nothing else in the message is known', () => {
    // None of these spellings is in the training phrases; each is one edit from one that is.
    expect(recognizer.understand('yess').label).toBe('affirm');
    expect(recognizer.understand('nopee').label).toBe('deny');
    expect(recognizer.understand('thnaks').label).toBe('thanks');
    // Gibberish has no known word one edit away and stays unread.
    expect(recognizer.understand('qwzx plok')).toMatchObject({ label: 'out_of_scope', confidence: 0 });
  });

  it('gives a confidence between 0 and 1, and a low one to gibberish', () => {
    const clear = recognizer.understand('会不会丢聊天记录');
    expect(clear.confidence).toBeGreaterThan(0.5);
    expect(clear.confidence).toBeLessThanOrEqual(1);
    expect(recognizer.understand('qwzx plok').confidence).toBeLessThan(0.5);
  });

  it('reads a typed "跳过" / "skip this one" as the Skip button, and only the whole message', () => {
    for (const text of ['跳过', '这题跳过', 'skip this one', 'Pass']) expect(recognizer.understand(text).button).toBe('no_rating');
    for (const text of ['跳过了这一步还是不行', 'skip the transfer', 'pass a message to the team']) {
      expect(recognizer.understand(text).button).toBeUndefined();
    }
  });

  it('takes "restarted, still broken" as a report of the problem, and "why do restarts help?" as the FAQ', () => {
    for (const text of ['重启微信好几次了没用', '手机重启了好几次也没用', "restarted wechat a few times, didn't help"]) {
      expect(recognizer.understand(text).label).toBe('unspecified');
    }
    for (const text of [
      '为什么重启微信有时候有用有时候没用',
      '重启微信没用 是不是得重启手机',
      'why does restarting wechat sometimes work',
    ]) {
      expect(recognizer.understand(text).label).toBe('faq_restart');
    }
  });

  it('hears "试了" / "done" as a step done without a word on how it went, and "试了还是不行" as how it went', () => {
    for (const text of ['试了', 'ok试了', '按你说的做了', 'done', 'tried it']) expect(recognizer.understand(text).saysTriedOnly).toBe(true);
    for (const text of ['试了还是不行', '好了', 'tried it and it works now', '我试试']) {
      expect(recognizer.understand(text).saysTriedOnly).toBeUndefined();
    }
  });

  it('hears "我试试" / "let me try" / "one sec" as asking for a moment, whatever the classifier makes of them', () => {
    for (const text of ['我试试', '等一下 我试试', '稍等', 'let me try', 'one sec', 'ok let me check']) {
      expect(recognizer.understand(text).asksForAMoment).toBe(true);
    }
    for (const text of ['我试试看还是不行', 'let me talk to a human', 'wait, it works now']) {
      expect(recognizer.understand(text).asksForAMoment).toBeUndefined();
    }
  });

  it('hears the bare answer a message opens with before it says more, and only a word or two', () => {
    expect(recognizer.understand('对，而且wifi和流量都试过了').leadingAnswer).toBe('affirm');
    expect(recognizer.understand('没有，就我的不行').leadingAnswer).toBe('deny');
    expect(recognizer.understand('yes, and i also tried switching to data').leadingAnswer).toBe('affirm');
    for (const text of ['对', 'no idea, maybe the network', "ok so here's the deal", 'hi, wechat wont connect']) {
      expect(recognizer.understand(text).leadingAnswer).toBeUndefined();
    }
  });

  it("reads the bot's own button labels exactly", () => {
    expect(recognizer.understand('好了')).toMatchObject({ label: 'affirm', confidence: 1 });
    expect(recognizer.understand('还是不行')).toMatchObject({ label: 'deny', confidence: 1 });
    expect(recognizer.understand('Not sure')).toMatchObject({ label: 'dont_know', confidence: 1 });
  });
});

describe('facts stated in messages written apart from the patterns (npm run eval:facts)', () => {
  // Written by a helper that saw only the guide and the fact list; split in two, the patterns mended from one half only.
  it('reads the held-out half with precision ≥ 0.78 and recall ≥ 0.7 (now 0.830 / 0.746; 0.738 / 0.669 when it was written)', () => {
    const report = scoreFacts(recognizer, readFactLines(path.join(__dirname, 'fixtures/facts-heldout.jsonl')));
    expect(report.of).toBeGreaterThanOrEqual(100);
    expect(report.precision).toBeGreaterThanOrEqual(0.78);
    expect(report.recall).toBeGreaterThanOrEqual(0.7);
  });

  // A later writer, shown the fact list with restarted_device on it; never mended from.
  it('reads the second held-out file with precision ≥ 0.88 and recall ≥ 0.74 (0.941 / 0.803 when it was written, 0.936 / 0.803 with restarted_wechat, a fact its writer did not have)', () => {
    const report = scoreFacts(recognizer, readFactLines(path.join(__dirname, 'fixtures/facts-heldout-2.jsonl')));
    expect(report.of).toBeGreaterThanOrEqual(150);
    expect(report.precision).toBeGreaterThanOrEqual(0.88);
    expect(report.recall).toBeGreaterThanOrEqual(0.74);
  });

  it('keeps reading the dev file it was mended from (precision ≥ 0.9, recall ≥ 0.84; now 0.926 / 0.863 over 868 lines)', () => {
    const report = scoreFacts(recognizer, readFactLines(path.join(__dirname, 'fixtures/facts-dev.jsonl')));
    expect(report.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.recall).toBeGreaterThanOrEqual(0.84);
  });

  it('says which line of a labelled file is wrong, and how', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'facts-'));
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, '{"text": "没开vpn", "facts": {"vpn_proxy": "no"}}\n{"text": "x", "facts": {"vpn": "no"}}\n');
    expect(() => readFactLines(file)).toThrow(/bad\.jsonl:2: unknown fact "vpn"/);
    writeFileSync(file, '{"text": "x", "facts": {"vpn_proxy": "maybe"}}\n');
    expect(() => readFactLines(file)).toThrow(/bad\.jsonl:1: vpn_proxy cannot be "maybe"/);
  });
});

describe('fact extraction', () => {
  const cases = parse(readFileSync(path.join(__dirname, 'fixtures/fact-cases.yaml'), 'utf8')) as {
    text: string;
    facts: Partial<Record<FactId, StatedAnswer>>;
  }[];

  it('has cases for every fact', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases.map((c) => [c.text, c.facts] as const))('%s → %j', (text, facts) => {
    expect(recognizer.understand(text).facts).toEqual(facts ?? {});
  });

  it('reads the platform', () => {
    expect(recognizer.understand('我用的是安卓手机').platform).toBe('android');
    expect(recognizer.understand('iPhone 13').platform).toBe('ios');
    expect(recognizer.understand('电脑版微信').platform).toBe('desktop');
    expect(recognizer.understand('pc wechat wont connect').platform).toBe('desktop');
    expect(recognizer.understand('my PC says cannot connect').platform).toBe('desktop');
    expect(recognizer.understand('微信连不上').platform).toBeUndefined();
  });
});

describe('a thank-you that says it works now', () => {
  it.each(['好了谢谢', '可以了 谢谢', 'fixed, thank you', 'it worked thanks'])('"%s" says the step worked', (text) => {
    expect(recognizer.understand(text).saysWorked).toBe(true);
  });

  it.each(['谢谢', 'thanks ill try', '还没好 谢谢', 'not fixed thanks', 'still not working now, thanks'])('"%s" does not', (text) => {
    expect(recognizer.understand(text).saysWorked).toBe(false);
  });
});

describe('buttons that mean something at one moment only', () => {
  it('are marked, so a press at another moment is not taken for a yes or a no', () => {
    expect(recognizer.understand('继续等').button).toBe('keep_waiting');
    expect(recognizer.understand('Keep waiting').button).toBe('keep_waiting');
    expect(recognizer.understand('不打分').button).toBe('no_rating');
    expect(recognizer.understand('是').button).toBeUndefined();
    expect(recognizer.understand('我再等等看').button).toBeUndefined();
  });
});

describe('a fix that did not hold', () => {
  it.each(['还是不行', '又连不上了', '其实还没好', 'still not working', 'it stopped again', 'wechat still doesnt connect'])(
    '"%s" says it is still broken',
    (text) => {
      expect(recognizer.understand(text).saysStillBroken).toBe(true);
    },
  );

  it.each(['no', '不打分', '不行', '好了', '没问题', '5', 'its back'])('"%s" does not', (text) => {
    expect(recognizer.understand(text).saysStillBroken).toBe(false);
  });
});

describe('sub-cause hints', () => {
  /** The sub-cause the words make most likely among its cause's. */
  const topWithin = (text: string, subs: string[]) => {
    const scores = recognizer.understand(text).subScores ?? {};
    return [...subs].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))[0];
  };
  const account = ['account_frozen', 'too_many_devices', 'youth_mode', 'malicious_reports'];
  const security = ['phone_firewall', 'security_app', 'desktop_firewall', 'vpn_proxy'];

  it.each([
    ['女儿的微信一到晚上十点就用不了', 'youth_mode', account],
    ['my kid cant use wechat after bedtime', 'youth_mode', account],
    ['同时在平板和两台电脑上登着微信 手机就被踢了', 'too_many_devices', account],
    ['开了梯子以后微信就连不上', 'vpn_proxy', security],
    ['windows popped up a firewall warning about wechat and i clicked block', 'desktop_firewall', security],
    ['清理软件说微信有风险', 'security_app', security],
  ])('%s → %s', (text, expected, subs) => {
    expect(topWithin(text, subs)).toBe(expected);
  });

  it('are not read from a bare yes or a button', () => {
    expect(recognizer.understand('是').subScores).toBeUndefined();
  });

  it("also give a second opinion on the cause, joined to the intent classifier's by subCauseBlend", () => {
    const intentOnly = new NaturalRecognizer({ ...knowledge, dialog: { ...knowledge.dialog, subCauseBlend: 0 } });
    const text = 'my daughters wechat stops at 10pm every night';
    const alone = intentOnly.understand(text).causeScores;
    const blended = recognizer.understand(text).causeScores;
    const other = recognizer.subcauses.causes(normalizeText(text), knowledge.dialog.hintTemperature)!;
    // A product of experts: each cause's share is the two readings' weighted geometric mean, renormalised.
    const b = knowledge.dialog.subCauseBlend;
    const product = (c: keyof typeof alone) => Math.pow(alone[c] + 1e-6, 1 - b) * Math.pow(other[c] + 1e-6, b);
    const total = (Object.keys(alone) as (keyof typeof alone)[]).reduce((sum, c) => sum + product(c), 0);
    for (const c of Object.keys(alone) as (keyof typeof alone)[]) expect(blended[c]).toBeCloseTo(product(c) / total, 6);
    // Both read a child's nightly limit as an account problem.
    expect(ranking(alone)[0].category).toBe('account');
    expect(ranking(other)[0].category).toBe('account');
    expect(ranking(blended)[0].category).toBe('account');
    // The label and its confidence stay the intent classifier's.
    expect(recognizer.understand(text).label).toBe(intentOnly.understand(text).label);
  });
});

describe('the cause hint', () => {
  it.each(['微信连不上 别的软件上网都好好的', 'wechat wont connect, the browser loads pages fine'])(
    '"%s": words that say other apps work are a fact, not a hint at the network or any cause',
    (text) => {
      const u = recognizer.understand(text);
      expect(u.facts.other_apps_online).toBe('yes');
      expect(u.causeMass).toBeLessThan(0.5);
    },
  );

  it.each(['微信连不上 wifi和流量都试了', 'wechat cannot connect on wifi and on data', 'tried switching to data, still cant connect'])(
    '"%s": failing on every network is a fact against the network, not a hint at it',
    (text) => {
      const u = recognizer.understand(text);
      expect(u.facts.switch_network_helps).toBe('no');
      expect(u.causeMass).toBeLessThan(0.5);
    },
  );

  it('a "what changed?" button states its option and nothing else', () => {
    for (const [option, { label }] of Object.entries(knowledge.facts.recent_change.options)) {
      for (const lang of ['zh', 'en'] as const) expect(recognizer.understand(label[lang]).facts).toEqual({ recent_change: option });
    }
    // Typed in a sentence, the same words still state what they say.
    expect(recognizer.understand('我改过防火墙设置').facts).toMatchObject({ recent_change: 'settings_changed' });
  });

  it('keeps the hint of the other words in the message', () => {
    const u = recognizer.understand('开着vpn 别的app都能上网 就微信不行');
    expect(u.facts).toMatchObject({ other_apps_online: 'yes', vpn_proxy: 'yes' });
    expect(ranking(u.causeScores)[0].category).toBe('security');
    expect(u.causeMass).toBeGreaterThan(0.5);
  });
});

describe('language', () => {
  it('Chinese characters make Chinese; a sentence needs a few words', () => {
    expect(detectLanguage('嗯')).toEqual({ lang: 'zh', sentence: false });
    expect(detectLanguage('微信连不上服务器')).toEqual({ lang: 'zh', sentence: true });
    expect(detectLanguage('y')).toEqual({ lang: 'en', sentence: false });
    expect(detectLanguage('will i lose my chat history')).toEqual({ lang: 'en', sentence: true });
    expect(detectLanguage('👍')).toEqual({ sentence: false });
  });
});

describe('a person asked for beside an account of the problem (knowledge/request-patterns.yaml)', () => {
  it.each([
    '微信连不上 转人工',
    '别的app都能用，帮我转人工吧',
    '重启了也不行 帮我找个人工客服',
    'no vpn. can i talk to a human',
    'still broken, get me a human',
  ])('%s → human', (text) => {
    expect(recognizer.understand(text).label).toBe('human');
  });

  it.each(['不要人工 我自己试试', '不用转人工了', 'no need to talk to a person', "i don't need a human agent"])(
    '%s → not human',
    (text) => {
      expect(recognizer.understand(text).label).not.toBe('human');
    },
  );
});
