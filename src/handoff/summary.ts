/**
 * What an agent reads before answering: built from the machine's context, in the user's language,
 * so nobody has to ask the user to repeat themselves.
 */
import type { DialogContext } from '../../dialogs/troubleshooting';
import type { Answer, Cause, FactId, Lang } from '../../dialogs/types';
import { stepText, type Knowledge } from '../knowledge/load';

export interface HandoffSummary {
  lang: Lang;
  /** The user's own words describing the problem. */
  problem: string[];
  ranking: { category: Cause; name: string; probability: number }[];
  /** `answer` is yes / no / unknown, or the option id of a choice fact, whose label is `option`. */
  facts: { id: FactId; question: string; answer: Answer; option?: string }[];
  platform?: string;
  steps: { category: Cause; stepId: string; title: string; worked: boolean }[];
  faqs: string[];
  /** Set when the user left a message because nobody was free. */
  leftMessage?: string;
}

/** A step's headline: its text up to the first colon or full stop ("Reset the access point (APN)"). */
function headline(text: string): string {
  const cut = text.split(/[:：。]|\.\s/)[0] ?? text;
  return cut.length > 80 ? `${cut.slice(0, 79)}…` : cut;
}

export function buildSummary(k: Knowledge, context: DialogContext, ranking: { category: Cause; probability: number }[]): HandoffSummary {
  const lang = context.lang;
  const platform = context.platform && context.platform !== 'unknown' ? context.platform : undefined;
  return {
    lang,
    problem: context.problem,
    ranking: ranking.map((r) => ({ ...r, name: k.causes[r.category].name[lang], probability: Math.round(r.probability * 1000) / 1000 })),
    facts: (Object.entries(context.answers) as [FactId, Answer][]).map(([id, answer]) => {
      const spec = k.facts[id];
      const option = 'options' in spec ? spec.options[answer]?.label[lang] : undefined;
      return { id, question: spec.question[lang], answer, ...(option ? { option } : {}) };
    }),
    platform: platform ? k.platform.options[platform][lang] : undefined,
    steps: context.fix.tried.map((t) => ({
      category: t.cause,
      stepId: t.stepId,
      title: headline(stepText(k, t.cause, t.stepId, platform, lang) ?? t.stepId),
      worked: t.worked,
    })),
    faqs: context.faqsAsked.map((id) => k.faqs[id].title[lang]),
  };
}

/** The summary as plain text, for a contact-centre platform's handoff context and for logs. */
export function summaryText(s: HandoffSummary): string {
  const yes = { zh: { yes: '是', no: '否', unknown: '不确定' }, en: { yes: 'yes', no: 'no', unknown: 'not sure' } }[s.lang];
  const lines = [
    `language: ${s.lang}`,
    `problem: ${s.problem.join(' / ') || '-'}`,
    `causes: ${s.ranking.map((r) => `${r.category} ${(r.probability * 100).toFixed(0)}%`).join(', ')}`,
    ...s.facts.map(
      (f) => `fact ${f.id}: ${f.option ?? (f.answer === 'yes' || f.answer === 'no' || f.answer === 'unknown' ? yes[f.answer] : f.answer)}`,
    ),
    ...(s.platform ? [`platform: ${s.platform}`] : []),
    ...s.steps.map((st) => `step ${st.stepId}: ${st.worked ? 'worked' : 'did not work'}`),
    ...(s.faqs.length ? [`faqs: ${s.faqs.join(' / ')}`] : []),
    ...(s.leftMessage ? [`message: ${s.leftMessage}`] : []),
  ];
  return lines.join('\n');
}
