/**
 * How well the bot takes in the reply to the question it just asked: each labelled case puts the
 * real machine in the middle of a diagnosis with that question open, sends the reply through the
 * same understanding and events as a real turn, and compares what the machine recorded with the
 * label. Used by `npm run eval:answers` and, with floors, by the tests.
 *
 * eval:facts reads messages on their own; this is the step after: "没" right after "VPN开着吗？"
 * is a no to the VPN, and "换了也不行" after "does another network help?" is a no, not a yes.
 */
import { createActor } from 'xstate';
import { initialContext, type DialogContext, type TroubleshootingMachine } from '../../dialogs/troubleshooting';
import {
  FACT_IDS,
  answersOf,
  type Answer,
  type DialogModel,
  type FactId,
  type Lang,
  type Platform,
  type StatedAnswer,
} from '../../dialogs/types';
import type { Knowledge } from '../knowledge/load';
import { readJsonLines } from './json-lines';
import type { Recognizer } from './recognizer';

/** What a reply says to the question asked: an answer, "don't know" (unknown), or nothing at all (none). */
export type AskedAnswer = Answer | 'none';

export interface AnswerCase {
  asked: FactId;
  lang: Lang;
  text: string;
  answer: AskedAnswer;
  /** Other facts the reply states outright. */
  facts: Partial<Record<FactId, StatedAnswer>>;
}

export interface AnswerReading {
  answer: AskedAnswer;
  facts: Partial<Record<FactId, Answer>>;
  /** The reply set off the fallback ladder ("did you mean …?", "could you say it another way?"). */
  clarified: boolean;
}

export interface AnswerReport {
  right: number;
  of: number;
  /** Read as the opposite: yes for no, no for yes (the misreadings that steer the diagnosis wrong). */
  flipped: number;
  /** Replies that answer the question but were taken as not answering it (the bot goes on without the answer). */
  missed: number;
  clarified: number;
  perFact: { fact: FactId; right: number; of: number }[];
  /** Want → got, over the asked question's answers, for pairs that occur and differ. */
  confusions: { want: AskedAnswer; got: AskedAnswer; count: number }[];
  /** The other facts stated alongside: precision and recall of fact-and-answer pairs. */
  other: { right: number; read: number; stated: number; precision: number; recall: number };
  misread: { case: AnswerCase; got: AnswerReading }[];
}

/** Lines of {"asked": fact, "lang": "zh"|"en", "text": "...", "answer": …, "facts": {…}}; a bad line is an error naming it. */
export function readAnswerLines(file: string): AnswerCase[] {
  return readJsonLines(file).map(({ row, where }) => {
    const r = (row ?? {}) as Record<string, unknown>;
    const { asked, lang, text, answer } = r;
    const facts = r.facts ?? {};
    if (typeof asked !== 'string' || !FACT_IDS.includes(asked as FactId)) {
      throw new Error(`${where}: "asked" must be a fact id (one of ${FACT_IDS.join(' ')})`);
    }
    if (lang !== 'zh' && lang !== 'en') throw new Error(`${where}: "lang" must be "zh" or "en"`);
    if (typeof text !== 'string' || !text.trim()) throw new Error(`${where}: "text" must be a non-empty string`);
    const fact = asked as FactId;
    const valid: readonly string[] = [...answersOf(fact), 'unknown', 'none'];
    if (typeof answer !== 'string' || !valid.includes(answer)) {
      throw new Error(`${where}: the answer to ${fact} must be one of ${valid.join(' ')}, not ${JSON.stringify(answer)}`);
    }
    if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) throw new Error(`${where}: "facts" must be an object`);
    for (const [other, value] of Object.entries(facts)) {
      if (!FACT_IDS.includes(other as FactId)) throw new Error(`${where}: unknown fact "${other}"`);
      if (!(answersOf(other as FactId) as readonly unknown[]).includes(value)) {
        throw new Error(`${where}: ${other} cannot be ${JSON.stringify(value)} (one of ${answersOf(other as FactId).join(' ')})`);
      }
    }
    return { asked: fact, lang, text, answer: answer as AskedAnswer, facts: facts as AnswerCase['facts'] };
  });
}

/** A device on which the question is asked at all (a desktop-only question needs a computer). */
function platformFor(model: DialogModel, fact: FactId): Platform | undefined {
  const on = model.facts[fact].platforms;
  if (!on) return undefined;
  return on.includes('android') ? 'android' : on[0];
}

/**
 * The machine as it stands after "微信连不上服务器" and the question `c.asked`: the reply's
 * understanding goes in as a real turn's events, and what the machine then holds is the reading.
 */
export function readAnswer(machine: TroubleshootingMachine, model: DialogModel, recognizer: Recognizer, c: AnswerCase): AnswerReading {
  const context: DialogContext = {
    ...initialContext(model, c.lang),
    langSettled: true,
    greeted: true,
    turn: 1,
    problem: [c.lang === 'zh' ? '微信连不上服务器' : "WeChat can't connect to the server"],
    platform: platformFor(model, c.asked),
    asked: [c.asked],
    prompt: { type: 'ask', fact: c.asked },
  };
  const actor = createActor(machine, { snapshot: machine.resolveState({ value: { diagnosing: 'asking' }, context }) });
  let clarified = false;
  actor.on('reply', (e) => {
    if (e.intent.type.startsWith('fallback_')) clarified = true;
  });
  actor.start();
  const u = recognizer.understand(c.text);
  actor.send({ type: 'NOTE', u });
  actor.send({ type: 'USER', u });
  const { answers } = actor.getSnapshot().context;
  actor.stop();
  const { [c.asked]: answer, ...facts } = answers;
  return { answer: answer ?? 'none', facts, clarified };
}

export function scoreAnswers(
  machine: TroubleshootingMachine,
  model: DialogModel,
  recognizer: Recognizer,
  cases: readonly AnswerCase[],
  /**
   * What one answer settles for another (fact-patterns.yaml `implies`): the writers label what is
   * said outright, so "wifi和流量都试了，一样" is labelled a no to switching only, and the no to
   * "only on mobile data" it settles is not counted as a misreading.
   */
  implies: Knowledge['patterns']['implies'] = [],
): AnswerReport {
  const perFact = new Map<FactId, { right: number; of: number }>();
  const confusions = new Map<string, number>();
  const other = { right: 0, read: 0, stated: 0 };
  const misread: AnswerReport['misread'] = [];
  let right = 0;
  let flipped = 0;
  let missed = 0;
  let clarified = 0;
  for (const c of cases) {
    const got = readAnswer(machine, model, recognizer, c);
    const f = perFact.get(c.asked) ?? { right: 0, of: 0 };
    perFact.set(c.asked, f);
    f.of++;
    if (got.clarified) clarified++;
    let exact = got.answer === c.answer;
    if (exact) {
      right++;
      f.right++;
    } else {
      const key = `${c.answer}\t${got.answer}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
      if ((c.answer === 'yes' && got.answer === 'no') || (c.answer === 'no' && got.answer === 'yes')) flipped++;
      if (c.answer !== 'none' && got.answer === 'none') missed++;
    }
    const labelled: Partial<Record<FactId, Answer>> = { ...c.facts };
    for (const {
      if: [fact, answer],
      then: [other, implied],
    } of implies) {
      // As the recognizer applies them: to what the words state, not to a bare answer.
      if (labelled[fact] === answer && labelled[other] === undefined && other !== c.asked) labelled[other] = implied;
    }
    for (const fact of FACT_IDS) {
      if (fact === c.asked) continue;
      const g = got.facts[fact];
      const w = labelled[fact];
      // "Don't know" is what a reply leaves a fact at, not a statement about it.
      if (g !== undefined && g !== 'unknown') other.read++;
      if (w !== undefined) other.stated++;
      if (w !== undefined && g === w) other.right++;
      else if ((g !== undefined && g !== 'unknown') || w !== undefined) exact = false;
    }
    if (!exact) misread.push({ case: c, got });
  }
  const ratio = (n: number, d: number) => (d > 0 ? n / d : 1);
  return {
    right,
    of: cases.length,
    flipped,
    missed,
    clarified,
    perFact: FACT_IDS.filter((fact) => perFact.has(fact)).map((fact) => ({ fact, ...perFact.get(fact)! })),
    confusions: [...confusions.entries()]
      .map(([key, count]) => {
        const [want, got] = key.split('\t') as [AskedAnswer, AskedAnswer];
        return { want, got, count };
      })
      .sort((a, b) => b.count - a.count),
    other: { ...other, precision: ratio(other.right, other.read), recall: ratio(other.right, other.stated) },
    misread,
  };
}
