/** Facts and the platform stated outright in a message, by the patterns in knowledge/fact-patterns.yaml. */
import { FACT_IDS, PLATFORMS, type FactId, type Platform, type StatedAnswer } from '../../dialogs/types';
import type { Knowledge } from '../knowledge/load';
import { normalizeText } from './normalize';

/** The answer a normalised text states for one fact: the first whose patterns match (negations come first: they are the more specific ones). */
export function statedAnswer(answers: Knowledge['patterns']['facts'][FactId], normalized: string): StatedAnswer | undefined {
  return answers.find((a) => a.patterns.some((re) => re.test(normalized)))?.answer;
}

export function extractFacts(patterns: Knowledge['patterns'], text: string): Partial<Record<FactId, StatedAnswer>> {
  const t = normalizeText(text);
  const facts: Partial<Record<FactId, StatedAnswer>> = {};
  for (const f of FACT_IDS) {
    const stated = statedAnswer(patterns.facts[f], t);
    if (stated) facts[f] = stated;
  }
  return facts;
}

export function extractPlatform(patterns: Knowledge['patterns'], text: string): Platform | undefined {
  const t = normalizeText(text);
  return PLATFORMS.find((p) => patterns.platform[p].some((re) => re.test(t)));
}

/**
 * The message with the words that state facts (all, or `only` these) taken out, for reading which
 * sub-cause it hints at: a stated fact already counts for its sub-causes through its likelihoods
 * ("手机内存满了" is storage_low: yes), and reading the same words again would count it twice.
 */
export function withoutStatedFacts(patterns: Knowledge['patterns'], text: string, only: readonly FactId[] = FACT_IDS): string {
  let t = normalizeText(text);
  for (const f of only) {
    for (const re of patterns.facts[f].flatMap((a) => a.patterns)) {
      const m = re.exec(t);
      if (m && m[0].length > 0) t = `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}`;
    }
  }
  return t.replace(/\s+/g, ' ').trim();
}
