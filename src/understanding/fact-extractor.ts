/** Facts and the platform stated outright in a message, by the patterns in knowledge/fact-patterns.yaml. */
import { FACT_IDS, PLATFORMS, type FactId, type Platform } from '../../dialogs/types';
import type { Knowledge } from '../knowledge/load';
import { normalizeText } from './normalize';

export function extractFacts(patterns: Knowledge['patterns'], text: string): Partial<Record<FactId, 'yes' | 'no'>> {
  const t = normalizeText(text);
  const facts: Partial<Record<FactId, 'yes' | 'no'>> = {};
  for (const f of FACT_IDS) {
    // Negations are the more specific patterns ("没开vpn" also contains "vpn"), so they win.
    if (patterns.facts[f].no.some((re) => re.test(t))) facts[f] = 'no';
    else if (patterns.facts[f].yes.some((re) => re.test(t))) facts[f] = 'yes';
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
    for (const re of [...patterns.facts[f].no, ...patterns.facts[f].yes]) {
      const m = re.exec(t);
      if (m && m[0].length > 0) t = `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}`;
    }
  }
  return t.replace(/\s+/g, ' ').trim();
}
