/**
 * What a message answers to each question were that question open, in words that state nothing on
 * their own ("换了也不行" after "does another network help?"), by knowledge/reply-patterns.yaml.
 * Read for every question at once, so that understanding stays free of the dialog's state; the
 * machine looks only at the question it has open.
 */
import type { Answer, FactId } from '../../dialogs/types';
import type { Knowledge } from '../knowledge/load';
import { statements } from './fact-extractor';
import { normalizeText } from './normalize';

/**
 * `saysWorked`: the message says WeChat works now ("重启了 好了", "switched and its fine now"). That
 * answers only a question whose `works_now` says what it means there; at the others it is news the
 * machine checks ("is it working now?"), so their readings are dropped.
 */
export function extractReplies(patterns: Knowledge['patterns'], text: string, saysWorked = false): Partial<Record<FactId, Answer>> {
  const t = statements(patterns, normalizeText(text));
  const replies: Partial<Record<FactId, Answer>> = {};
  if (!t) return replies;
  const stillFails = patterns.stillFails.some((re) => re.test(t));
  for (const [fact, r] of Object.entries(patterns.replies) as [FactId, NonNullable<Knowledge['patterns']['replies'][FactId]>][]) {
    if (saysWorked) {
      if (r.worksNow) replies[fact] = r.readings.find((a) => a.patterns.some((re) => re.test(t)))?.answer ?? r.worksNow;
      continue;
    }
    const read = r.readings.find((a) => a.patterns.some((re) => re.test(t)))?.answer ?? (stillFails ? r.stillFails : undefined);
    if (read) replies[fact] = read;
  }
  return replies;
}

/**
 * The answer the message gives to any yes / no question: "怎么看", "haven't looked" (don't know),
 * "好像没有吧" (a hedged no). Read on the whole message, since a "how do I check?" is a question.
 */
export function anyReply(patterns: Knowledge['patterns'], text: string): Answer | undefined {
  const t = normalizeText(text);
  return patterns.anyReply.find((a) => a.patterns.some((re) => re.test(t)))?.answer;
}
