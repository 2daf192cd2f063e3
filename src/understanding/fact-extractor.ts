/** Facts and the platform stated outright in a message, by the patterns in knowledge/fact-patterns.yaml. */
import { FACT_IDS, PLATFORMS, type FactId, type Platform, type StatedAnswer } from '../../dialogs/types';
import type { Knowledge } from '../knowledge/load';
import { normalizeText } from './normalize';

/** The answer a normalised text states for one fact: the first whose patterns match (negations come first: they are the more specific ones). */
export function statedAnswer(answers: Knowledge['patterns']['facts'][FactId], normalized: string): StatedAnswer | undefined {
  return answers.find((a) => a.patterns.some((re) => re.test(normalized)))?.answer;
}

/**
 * The message's clauses, each with its closing punctuation: split after Chinese punctuation (NFKC
 * has made "，" a ","), after a comma or full stop before a space or next to a Chinese word, and at a
 * space between Chinese words ("就微信没网 其他软件都能用"), which is how people end a clause in a chat.
 */
function clauses(normalized: string): string[] {
  return normalized
    .split(/(?<=[，。！？；;!?])|(?<=[,.])(?=\s|\p{Script=Han})|(?<=\p{Script=Han}[,.])|(?<=\p{Script=Han})\s+(?=\p{Script=Han})/u)
    .map((c) => c.trim());
}

/** The text without its clauses that ask or suppose ("是不是VPN的问题?"): those state nothing. */
export function statements(patterns: Knowledge['patterns'], normalized: string): string {
  return clauses(normalized)
    .filter((c) => c !== '' && !patterns.questions.some((re) => re.test(c)))
    .join(' ');
}

/**
 * Whether a yes to `fact` is taken back later in its sentence ("之前开过梯子,现在已经关了", "I had a VPN
 * on earlier but I turned it off"): one of the fact's `undone` patterns matching with the yes read
 * before it and not after it. One rule per kind of fact, rather than a "once on, now off" pattern
 * copied into each.
 */
function undone(patterns: Knowledge['patterns'], fact: FactId, t: string): boolean {
  const answers = patterns.facts[fact];
  return (patterns.undone[fact] ?? []).some((back) =>
    [...t.matchAll(back)].some((m) => {
      const before =
        t
          .slice(0, m.index)
          .split(/[。.!！?？;；](?=\s|$)|[。！？；]/u)
          .pop() ?? '';
      const after = t.slice(m.index + m[0].length);
      return statedAnswer(answers, before) === 'yes' && statedAnswer(answers, after) !== 'yes';
    }),
  );
}

export function extractFacts(patterns: Knowledge['patterns'], text: string): Partial<Record<FactId, StatedAnswer>> {
  const t = statements(patterns, normalizeText(text));
  const facts: Partial<Record<FactId, StatedAnswer>> = {};
  for (const f of FACT_IDS) {
    const stated = statedAnswer(patterns.facts[f], t);
    if (stated) facts[f] = stated === 'yes' && undone(patterns, f, t) ? 'no' : stated;
  }
  // What a reading settles for a fact the message does not state itself ("wifi和流量都不行" is not
  // a failure on mobile data only).
  for (const {
    if: [fact, answer],
    then: [other, implied],
  } of patterns.implies) {
    if (facts[fact] === answer && facts[other] === undefined) facts[other] = implied;
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
