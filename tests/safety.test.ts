/**
 * The bot never asks for passwords, verification codes or payment details, and account help
 * points only to WeChat's own appeal path with a warning about "unfreezing" scams.
 * Checked over every sentence in knowledge/, in both languages.
 */
import { loadKnowledge, type Knowledge } from '../src/knowledge/load';

function everySentence(k: Knowledge): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const walk = (value: unknown, where: string) => {
    if (typeof value === 'string') out.push({ where, text: value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') for (const [key, v] of Object.entries(value)) walk(v, `${where}.${key}`);
  };
  walk(k.causes, 'causes');
  walk(k.facts, 'facts');
  walk(k.platform, 'platform');
  walk(k.faqs, 'faqs');
  walk(k.messages, 'messages');
  return out;
}

// A request that the user hands a secret over: "告诉我你的密码", "把验证码发给我", "send me the code", "enter your card number here".
const ASKS_ZH =
  /(告诉|发给|发送给|提供给|给)我[^。！？\n]{0,12}(密码|验证码|支付|银行卡|卡号)|(密码|验证码|卡号)[^。！？\n]{0,8}(发给|告诉|提供给|给)我|(请|麻烦)(输入|提供|发送)[^。！？\n]{0,6}(你的)?(微信)?(密码|验证码|支付密码|银行卡号)/;
const ASKS_EN = new RegExp(
  [
    // "send me the code", "tell us your password"
    String.raw`\b(send|tell|give|share|provide)\b (me|us|it to me|it to us)\b[^.!?\n]{0,20}\b(password|verification code|code|card number|payment details|pin)\b`,
    // "enter your card number here", "type the code below"
    String.raw`\b(enter|type|send|give|share|paste)\b (your|the) (password|verification code|code|card number|pin|payment details)\b[^.!?\n]{0,20}\b(here|below|to me|to us|in this chat)\b`,
  ].join('|'),
  'i',
);

describe('content safety', () => {
  const k = loadKnowledge();
  const sentences = everySentence(k);

  it('covers the whole content', () => {
    expect(sentences.length).toBeGreaterThan(200);
  });

  it('no sentence asks the user to hand over a password, a verification code or payment details', () => {
    const offending = sentences.filter((s) => ASKS_ZH.test(s.text) || ASKS_EN.test(s.text));
    expect(offending).toEqual([]);
  });

  it('the checks do catch such requests', () => {
    expect(ASKS_ZH.test('请把验证码发给我')).toBe(true);
    expect(ASKS_ZH.test('请告诉我你的微信密码')).toBe(true);
    expect(ASKS_ZH.test('请输入你的支付密码')).toBe(true);
    expect(ASKS_EN.test('Please send me the verification code you received')).toBe(true);
    expect(ASKS_EN.test('Enter your card number here')).toBe(true);
  });

  it("account help points to WeChat's own appeal path and warns about unfreezing scams", () => {
    const account = k.causes.account.steps.map((s) => JSON.stringify(s)).join('\n');
    expect(account).toMatch(/帮助与反馈|微信团队/);
    expect(account).toMatch(/Help (&|and) Feedback|WeChat Team/i);
    expect(account).toMatch(/骗|诈骗/);
    expect(account).toMatch(/scam/i);
  });

  it('no sentence mentions a third-party "unfreezing" service as a way to get help', () => {
    const offering = sentences.filter(
      (s) => /(联系|找)[^。\n]{0,8}(代解封|解封服务)/.test(s.text) || /\bcontact\b[^.\n]{0,20}\bunfreez/i.test(s.text),
    );
    expect(offering).toEqual([]);
  });
});
