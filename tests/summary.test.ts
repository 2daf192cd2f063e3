/** The agent's summary of a conversation: what the user said, answered and tried, in their language. */
import type { DialogContext } from '../dialogs/troubleshooting';
import { buildSummary, summaryText } from '../src/handoff/summary';
import { loadKnowledge } from '../src/knowledge/load';

const k = loadKnowledge();

describe('the handoff summary', () => {
  it('gives each answer in words: yes / no / not sure, and the option picked for "what changed?"', () => {
    const context = {
      lang: 'zh',
      problem: ['微信连不上服务器'],
      answers: { vpn_proxy: 'yes', storage_low: 'unknown', recent_change: 'vpn_on' },
      fix: { tried: [] },
      faqsAsked: [],
    } as unknown as DialogContext;
    const summary = buildSummary(k, context, []);
    const picked = k.facts.recent_change.options.vpn_on.label.zh;
    expect(summary.facts.find((f) => f.id === 'recent_change')).toMatchObject({ answer: 'vpn_on', option: picked });
    const text = summaryText(summary);
    expect(text).toContain(`fact recent_change: ${picked}`);
    expect(text).toContain('fact vpn_proxy: 是');
    expect(text).toContain('fact storage_low: 不确定');
  });
});
