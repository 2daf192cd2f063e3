/**
 * How well the fact patterns read what people state outright: per fact, precision and recall of
 * fact-and-answer pairs over labelled messages, and how many messages are read exactly. Used by
 * `npm run eval:facts` and, with floors, by the tests.
 */
import { FACT_IDS, answersOf, type FactId, type StatedAnswer } from '../../dialogs/types';
import { readJsonLines } from './json-lines';
import type { Recognizer } from './recognizer';

export interface FactCase {
  text: string;
  facts: Partial<Record<FactId, StatedAnswer>>;
}

export interface FactReport {
  facts: { fact: FactId; right: number; read: number; stated: number; precision: number; recall: number }[];
  precision: number;
  recall: number;
  exact: number;
  of: number;
  /** The messages not read exactly, with what they state and what was read. */
  misread: { text: string; want: FactCase['facts']; got: FactCase['facts'] }[];
}

/** Lines of {"text": "...", "facts": {"vpn_proxy": "no", …}}; a bad line is an error naming it. */
export function readFactLines(file: string): FactCase[] {
  return readJsonLines(file).map(({ row, where }) => {
    const { text, facts } = (row ?? {}) as { text?: unknown; facts?: unknown };
    if (typeof text !== 'string' || typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
      throw new Error(`${where}: expected {"text": string, "facts": {fact id: answer}}`);
    }
    for (const [fact, answer] of Object.entries(facts)) {
      if (!FACT_IDS.includes(fact as FactId)) throw new Error(`${where}: unknown fact "${fact}" (one of ${FACT_IDS.join(' ')})`);
      if (!answersOf(fact as FactId).includes(answer as StatedAnswer)) {
        throw new Error(`${where}: ${fact} cannot be "${String(answer)}" (one of ${answersOf(fact as FactId).join(' ')})`);
      }
    }
    return { text, facts: facts as FactCase['facts'] };
  });
}

export function scoreFacts(recognizer: Recognizer, cases: readonly FactCase[]): FactReport {
  const counts = new Map<FactId, { right: number; read: number; stated: number }>(
    FACT_IDS.map((f) => [f, { right: 0, read: 0, stated: 0 }]),
  );
  const misread: FactReport['misread'] = [];
  for (const { text, facts: want } of cases) {
    const got = recognizer.understand(text).facts;
    let exact = true;
    for (const fact of FACT_IDS) {
      const c = counts.get(fact)!;
      if (got[fact] !== undefined) c.read++;
      if (want[fact] !== undefined) c.stated++;
      if (got[fact] !== undefined && got[fact] === want[fact]) c.right++;
      else if (got[fact] !== undefined || want[fact] !== undefined) exact = false;
    }
    if (!exact) misread.push({ text, want, got });
  }
  const ratio = (n: number, d: number) => (d > 0 ? n / d : 1);
  const facts = FACT_IDS.map((fact) => {
    const c = counts.get(fact)!;
    return { fact, ...c, precision: ratio(c.right, c.read), recall: ratio(c.right, c.stated) };
  }).filter((f) => f.read + f.stated > 0);
  const sum = (k: 'right' | 'read' | 'stated') => facts.reduce((s, f) => s + f[k], 0);
  return {
    facts,
    precision: ratio(sum('right'), sum('read')),
    recall: ratio(sum('right'), sum('stated')),
    exact: cases.length - misread.length,
    of: cases.length,
    misread,
  };
}
