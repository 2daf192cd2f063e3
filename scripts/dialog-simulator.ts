/**
 * Simulated users for `npm run eval:dialogs`: each scenario (tests/scenarios/*.yaml) knows its
 * hidden cause and some facts, and is played through the same pipeline as a real turn. The
 * simulator reads each turn's `troubleshooting` trace, answers asked facts in varied free text,
 * says whether each fix step worked, and measures how the bot did.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { parse } from 'yaml';
import { z } from 'zod';
import { remedies } from '../dialogs/fixing';
import { CAUSES, CHOICE_OPTIONS, FACT_IDS, PLATFORMS, answersOf, type FactId, type Lang } from '../dialogs/types';
import type { App } from '../src/app';
import { InProcessAdapter } from '../src/channels/in-process-adapter';
import type { TroubleshootingTrace } from '../src/conversation/trace';

/** yes / no, or a choice fact's option ("recent_change: system_update"). */
const answer = z.enum(['yes', 'no', ...Object.values(CHOICE_OPTIONS).flat()]);
const scenarioSchema = z.strictObject({
  id: z.string(),
  lang: z.enum(['zh', 'en']),
  cause: z.enum(CAUSES),
  subcause: z.string(),
  /** What the user answers when asked for their device; any phone when absent. */
  platform: z.enum(PLATFORMS).optional(),
  opening: z.string().min(1),
  knows: z
    .partialRecord(z.enum(FACT_IDS), answer)
    .default({})
    .superRefine((knows, ctx) => {
      for (const [fact, a] of Object.entries(knows) as [FactId, string][]) {
        if (!(answersOf(fact) as readonly string[]).includes(a)) {
          ctx.addIssue({ code: 'custom', path: [fact], message: `${fact} takes ${answersOf(fact).join(' / ')}, not "${a}"` });
        }
      }
    }),
  /** After how many of the cause's steps that remedy the sub-cause (causes.yaml `fixes`) the problem is gone. */
  fixedAfter: z.union([z.number().int().positive(), z.literal('never')]),
});
export type Scenario = z.infer<typeof scenarioSchema> & { set?: string };

const byLang = z.strictObject({ zh: z.array(z.string()).min(1), en: z.array(z.string()).min(1) });
const answersSchema = z.strictObject({
  generic: z.strictObject({ yes: byLang, no: byLang, dont_know: byLang, worked: byLang, not_worked: byLang, close: byLang }),
  platform: z.strictObject({ android: byLang, ios: byLang, desktop: byLang }),
  facts: z.partialRecord(z.enum(FACT_IDS), z.partialRecord(answer, byLang)),
});
export type Answers = z.infer<typeof answersSchema> & {
  /** Per fact, "don't know" said to that question in particular ("怎么看啊", "haven't asked anyone"). */
  unknown?: Partial<Record<FactId, Record<Lang, string[]>>>;
  /** Answer in the fact's own words whenever there are any, not one time in three. */
  ownWordsAlways?: boolean;
};

/**
 * The answers with replies people wrote to the bot's questions (eval:answers files) as the facts' own
 * words: only replies that state nothing besides their answer, so the simulated user still knows
 * exactly what the scenario says. With them, the simulated users answer in the writers' words.
 */
export function withWrittenReplies(
  answers: Answers,
  lines: readonly { asked: FactId; lang: Lang; text: string; answer: string; facts: Partial<Record<FactId, string>> }[],
): Answers {
  const facts: Answers['facts'] = {};
  const unknown: NonNullable<Answers['unknown']> = {};
  const add = (into: Record<string, Record<Lang, string[]>>, key: string, lang: Lang, text: string) => {
    into[key] ??= { zh: [], en: [] };
    into[key][lang].push(text);
  };
  for (const l of lines) {
    if (l.answer === 'none' || Object.keys(l.facts).length > 0) continue;
    if (l.answer === 'unknown') add(unknown as Record<string, Record<Lang, string[]>>, l.asked, l.lang, l.text);
    else add((facts[l.asked] ??= {}) as Record<string, Record<Lang, string[]>>, l.answer, l.lang, l.text);
  }
  return { ...answers, facts, unknown, ownWordsAlways: true };
}

export const SCENARIO_DIR = path.join(__dirname, '..', 'tests', 'scenarios');

/**
 * The scenarios in `dir` and its sub-folders. Each sub-folder is a set of its own (e.g. `blind-1`,
 * written without looking at the bot, to check that tuning on the others generalises); files at the
 * top are the set `original`.
 */
export function loadScenarios(dir = SCENARIO_DIR): Scenario[] {
  const read = (folder: string, set: string): Scenario[] =>
    readdirSync(folder, { withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.yaml') && f.name !== 'answers.yaml')
      .map((f) => f.name)
      .sort()
      .map((f) => {
        const where = path.relative(path.join(__dirname, '..'), path.join(folder, f));
        const parsed = scenarioSchema.safeParse(parse(readFileSync(path.join(folder, f), 'utf8')));
        if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        return { ...parsed.data, set };
      });
  const sets = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return [...read(dir, 'original'), ...sets.flatMap((name) => read(path.join(dir, name), name))];
}

export function loadAnswers(dir = SCENARIO_DIR): Answers {
  return answersSchema.parse(parse(readFileSync(path.join(dir, 'answers.yaml'), 'utf8')));
}

export interface Result {
  id: string;
  set: string;
  cause: string;
  knowsLittle: boolean;
  /** The scenario's problem goes away after some of its cause's steps (fixedAfter is not "never"). */
  fixable: boolean;
  /** The first fix step presented was one of the true cause's. */
  foundAtFirstStep: boolean;
  questions: number;
  /** A fact asked again later on (an immediate re-ask after a clarification does not count). */
  repeats: number;
  clarifications: number;
  turns: number;
  ending: 'resolved' | 'handoff' | 'unfinished';
}

/** A stable choice among phrasings, different per scenario and turn. */
function pick(list: string[], seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return list[Math.abs(h) % list.length];
}

const MAX_TURNS = 20;

/** The ids of the true cause's steps that can remedy the scenario's sub-cause (`fixes` in causes.yaml). */
function remedyingSteps(app: App, scenario: Scenario): string[] {
  const cause = app.knowledge.causes[scenario.cause];
  if (!cause.subcauses.some((s) => s.id === scenario.subcause)) {
    throw new Error(`scenario ${scenario.id}: "${scenario.subcause}" is not a sub-cause of ${scenario.cause} in causes.yaml`);
  }
  return cause.steps.filter((s) => remedies(s, scenario.subcause)).map((s) => s.id);
}

/** `log`, when given, receives every turn: what the user said and the trace the bot answered with. */
export async function simulate(
  app: App,
  scenario: Scenario,
  answers: Answers,
  log?: (text: string, trace: TroubleshootingTrace) => void,
): Promise<Result> {
  const lang: Lang = scenario.lang;
  let sent: Partial<Activity>[] = [];
  const adapter = new InProcessAdapter((activities) => sent.push(...activities));
  const user = { id: `sim-${scenario.id}`, name: 'Simulated user' };
  const base = {
    channelId: 'simulation',
    serviceUrl: 'simulation://',
    conversation: { id: `sim-${scenario.id}-${Date.now()}` } as Activity['conversation'],
    recipient: { id: 'bot', name: 'Bot' },
    from: user,
    locale: lang === 'zh' ? 'zh-CN' : 'en-US',
  };
  const say = async (text: string): Promise<TroubleshootingTrace> => {
    sent = [];
    await adapter.process({ ...base, type: 'message', text }, (c) => app.bot.run(c));
    const trace = sent.find((a) => a.type === 'trace' && a.name === 'troubleshooting');
    if (!trace) throw new Error(`${scenario.id}: a turn sent no troubleshooting trace`);
    log?.(text, trace.value as TroubleshootingTrace);
    return trace.value as TroubleshootingTrace;
  };

  const result: Result = {
    id: scenario.id,
    set: scenario.set ?? 'original',
    cause: scenario.cause,
    knowsLittle: Object.keys(scenario.knows).length <= 1,
    fixable: scenario.fixedAfter !== 'never',
    foundAtFirstStep: false,
    questions: 0,
    repeats: 0,
    clarifications: 0,
    turns: 0,
    ending: 'unfinished',
  };
  const asked: string[] = [];
  let remediesTried = 0;
  const remedying = remedyingSteps(app, scenario);
  let firstStepSeen = false;
  let lastAnswer = pick(answers.generic.dont_know[lang], scenario.id);
  let previous: TroubleshootingTrace | undefined;
  let trace = await say(scenario.opening);

  for (result.turns = 1; result.turns < MAX_TURNS; result.turns++) {
    if (trace.handoff) {
      result.ending = 'handoff';
      break;
    }
    if (trace.state.startsWith('resolved')) {
      result.ending = 'resolved';
      break;
    }
    const seed = `${scenario.id}/${result.turns}`;
    let reply: string;
    if (trace.questionId) {
      const fact = trace.questionId as (typeof FACT_IDS)[number];
      const immediateReask = previous?.questionId === fact;
      if (!immediateReask) {
        if (asked.includes(fact)) result.repeats++;
        else result.questions++;
        asked.push(fact);
      }
      const known = scenario.knows[fact];
      const specific = known ? answers.facts[fact]?.[known]?.[lang] : undefined;
      // A choice fact's "generic" answer is pressing the option's button (its label).
      const spec = app.knowledge.facts[fact];
      const ownUnknown = answers.unknown?.[fact]?.[lang];
      const generic = !known
        ? ownUnknown?.length && answers.ownWordsAlways
          ? ownUnknown
          : answers.generic.dont_know[lang]
        : 'options' in spec
          ? [spec.options[known].label[lang]]
          : answers.generic[known as 'yes' | 'no'][lang];
      // Now and then people answer with the fact in words rather than a bare yes/no.
      const ownWords = specific?.length && (answers.ownWordsAlways || pick(['s', 'g', 'g'], seed) === 's');
      reply = ownWords ? pick(specific, seed) : pick(generic, seed);
    } else if (trace.stepId) {
      if (!firstStepSeen) result.foundAtFirstStep = trace.category === scenario.cause;
      firstStepSeen = true;
      // Only a step that can remedy the user's sub-cause fixes it ("turn off the VPN" does nothing
      // for a firewall): the problem is gone at the fixedAfter-th such step, or at the last of them
      // when the cause has fewer.
      const remedy = trace.category === scenario.cause && remedying.includes(trace.stepId);
      if (remedy) remediesTried++;
      const fixed = scenario.fixedAfter !== 'never' && remedy && remediesTried >= Math.min(scenario.fixedAfter, remedying.length);
      reply = pick(fixed ? answers.generic.worked[lang] : answers.generic.not_worked[lang], seed);
    } else if (trace.state === 'fixing.platform') {
      const phones = [...answers.platform.android[lang], ...answers.platform.ios[lang]];
      reply = pick(scenario.platform ? answers.platform[scenario.platform][lang] : phones, seed);
    } else if (trace.state === 'fixing.exhausted') {
      reply = answers.generic.yes[lang][0]; // yes, a person please
    } else {
      // The bot asked for clarification: answer again in the plainest words.
      result.clarifications++;
      reply = lastAnswer;
    }
    lastAnswer = reply;
    previous = trace;
    trace = await say(reply);
  }
  return result;
}

export interface Summary {
  results: Result[];
  diagnosis: { rate: number; found: number; of: number };
  diagnosisLittle: { rate: number; found: number; of: number };
  medianQuestions: number;
  endedProperly: { n: number; of: number };
  /** Of the users whose problem the true cause's steps can fix: how many the bot got there with. */
  resolvedByBot: { n: number; of: number };
  repeats: number;
  clarificationRate: number;
}

export function summarize(results: Result[]): Summary {
  const rate = (list: Result[]) => {
    const found = list.filter((r) => r.foundAtFirstStep).length;
    return { rate: list.length ? found / list.length : 0, found, of: list.length };
  };
  const questions = results.map((r) => r.questions).sort((a, b) => a - b);
  const median = questions.length
    ? (questions[Math.floor((questions.length - 1) / 2)] + questions[Math.ceil((questions.length - 1) / 2)]) / 2
    : 0;
  const turns = results.reduce((s, r) => s + r.turns, 0);
  return {
    results,
    diagnosis: rate(results.filter((r) => !r.knowsLittle)),
    diagnosisLittle: rate(results.filter((r) => r.knowsLittle)),
    medianQuestions: median,
    endedProperly: { n: results.filter((r) => r.ending !== 'unfinished').length, of: results.length },
    resolvedByBot: {
      n: results.filter((r) => r.fixable && r.ending === 'resolved').length,
      of: results.filter((r) => r.fixable).length,
    },
    repeats: results.reduce((s, r) => s + r.repeats, 0),
    clarificationRate: turns ? results.reduce((s, r) => s + r.clarifications, 0) / turns : 0,
  };
}
