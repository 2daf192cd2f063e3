/**
 * The shape of every file in knowledge/, as zod schemas. Strict objects: a misspelt key is an
 * error, not a silently ignored line.
 */
import { z } from 'zod';
import {
  CAUSES,
  CHOICE_OPTIONS,
  FACT_IDS,
  FAQ_IDS,
  LABELS,
  PLATFORMS,
  isChoiceFact,
  type ChoiceFactId,
  type FactId,
} from '../../dialogs/types';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const textSchema = z.strictObject({ zh: nonEmpty, en: nonEmpty });
export type Text = z.infer<typeof textSchema>;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case id');
const unit = z.number().min(0).max(1);
const probability = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');

const stepSchema = z
  .strictObject({
    id,
    text: textSchema.optional(),
    platforms: z.strictObject({ android: textSchema, ios: textSchema, desktop: textSchema }).optional(),
    /** Facts whose answer makes the step pointless, e.g. `vpn_proxy: 'no'` for "turn the VPN off". */
    skipWhen: z.partialRecord(z.enum(FACT_IDS), z.enum(['yes', 'no', ...Object.values(CHOICE_OPTIONS).flat()])).optional(),
    /** The cause's sub-causes this step can remedy (all of them when absent). */
    fixes: z.array(id).min(1).optional(),
  })
  .refine((s) => (s.text === undefined) !== (s.platforms === undefined), {
    message: 'a step has either `text` or `platforms` (android, ios, desktop), not both or neither',
  });

const causeSchema = z.strictObject({
  name: textSchema,
  prior: probability,
  subcauses: z
    .array(
      z.strictObject({
        id,
        text: textSchema,
        /** Share of the cause's prior, relative to its other sub-causes. */
        weight: z.number().positive().default(1),
        /** The platforms it can happen on; all when absent. */
        platforms: z.array(z.enum(PLATFORMS)).min(1).optional(),
      }),
    )
    .min(1),
  steps: z.array(stepSchema).min(1, 'every cause needs at least one fix step'),
});

export const causesFileSchema = z.strictObject({
  causes: z.strictObject(Object.fromEntries(CAUSES.map((c) => [c, causeSchema])) as Record<(typeof CAUSES)[number], typeof causeSchema>),
});

const likelihoodSchema = z.strictObject(
  Object.fromEntries(CAUSES.map((c) => [c, probability])) as Record<(typeof CAUSES)[number], typeof probability>,
);
const asking = {
  question: textSchema,
  cost: z.number().positive().default(1),
  /** P(the user can answer at all): a question people cannot answer gains nothing. */
  answerable: z.number().gt(0).max(1).default(1),
  /** Only asked on these platforms (a user who has not said counts as on a phone); all when absent. */
  platforms: z.array(z.enum(PLATFORMS)).min(1).optional(),
  /** The words that state it name no cause ("other apps work"): left out when a message is read for a cause hint. */
  neutralWords: z.boolean().default(false),
};
const yesNoFactSchema = z.strictObject({
  ...asking,
  likelihood: likelihoodSchema,
  /** Sub-causes whose P(yes) differs from their cause's (ids from causes.yaml). */
  subcauses: z.record(id, probability).optional(),
});
/** A fact answered by picking an option: each option's button label and how likely it is per cause / sub-cause. */
const optionSchema = z.strictObject({ label: textSchema, likelihood: likelihoodSchema, subcauses: z.record(id, probability).optional() });
function choiceFactSchema(options: readonly string[]) {
  return z.strictObject({
    ...asking,
    options: z.strictObject(Object.fromEntries(options.map((o) => [o, optionSchema])) as Record<string, typeof optionSchema>),
  });
}
type YesNoFactId = Exclude<FactId, ChoiceFactId>;
/** A schema per fact id: `yesNo` for the yes / no facts, `choice(its options)` for each choice fact. */
function perFact<Y extends z.ZodType, C extends z.ZodType>(yesNo: Y, choice: (options: readonly string[]) => C) {
  return {
    ...(Object.fromEntries(FACT_IDS.filter((f) => !isChoiceFact(f)).map((f) => [f, yesNo])) as Record<YesNoFactId, Y>),
    ...(Object.fromEntries(Object.entries(CHOICE_OPTIONS).map(([f, options]) => [f, choice(options)])) as Record<ChoiceFactId, C>),
  };
}
const factSchemas = perFact(yesNoFactSchema, choiceFactSchema);

export const factsFileSchema = z.strictObject({
  platform: z.strictObject({
    question: textSchema,
    options: z.strictObject({ android: textSchema, ios: textSchema, desktop: textSchema }),
    /** The share of users on each platform, used for sub-causes limited to some before the user says. */
    share: z.strictObject({ android: unit, ios: unit, desktop: unit }),
    /** The factor for a sub-cause on a platform where it cannot happen (small, not 0: a platform can be misread). */
    mismatch: z.number().gt(0).lt(1),
  }),
  facts: z.strictObject(factSchemas),
});

const faqSchema = z.strictObject({ title: textSchema, answer: textSchema });
export const faqsFileSchema = z.strictObject({
  faqs: z.strictObject(Object.fromEntries(FAQ_IDS.map((f) => [f, faqSchema])) as Record<(typeof FAQ_IDS)[number], typeof faqSchema>),
  /** A message that states facts is taken as asking an FAQ only if one of these matches (patterns, flags "iu"). */
  questionCues: z.array(z.string().min(1)).min(1),
});

/** Every sentence the shell renders; the renderer's keys are checked against this list at compile time. */
export const MESSAGE_KEYS = [
  'welcome',
  'ask_describe',
  'greeting_reply',
  'diagnosis_intro',
  'cause_found',
  'next_cause',
  'cause_resumed',
  'last_cause',
  'ask_outcome',
  'take_your_time',
  'step_intro',
  'did_it_work',
  'step_failed_next',
  'resolved',
  'not_fixed_after_all',
  'works_now_check',
  'not_working_after_all',
  'anything_else',
  'fixes_exhausted',
  'handoff_start',
  'handoff_waiting',
  'handoff_cancelled',
  'works_while_waiting',
  'queue_left_works',
  'handoff_declined',
  'queue_position',
  'agent_joined',
  'agent_fallback_name',
  'agent_left',
  'handoff_timeout',
  'ask_leave_message',
  'message_left',
  'handoff_failed',
  'csat_ask',
  'csat_thanks',
  'outage_notice',
  'fallback_confirm',
  'fallback_rephrase',
  'fallback_offer_human',
  'out_of_scope',
  'thanks_reply',
  'goodbye_reply',
  'start_over',
  'faq_resume',
  'empty_message',
  'too_long',
  'internal_error',
  'platform_known',
  'answer_noted',
  'server_wait',
  'resolved_after_end',
  'delete_data_confirm',
  'delete_data_done',
  'delete_data_kept',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export const OPTION_KEYS = [
  'yes',
  'no',
  'dont_know',
  'worked',
  'not_worked',
  'human',
  'start_over',
  'cancel',
  'back_to_bot',
  'leave_message',
  'keep_waiting',
  'no_rating',
] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

const keyed = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, textSchema])) as Record<K, typeof textSchema>);

export const messagesFileSchema = z.strictObject({
  messages: keyed(MESSAGE_KEYS),
  options: keyed(OPTION_KEYS),
  guesses: keyed(LABELS),
  examples: z.strictObject({ zh: z.array(nonEmpty).min(1), en: z.array(nonEmpty).min(1) }),
});

/** Training phrases: every label, at least a few phrases each (the content guide asks for more). */
export const trainingFileSchema = z.strictObject(
  Object.fromEntries(LABELS.map((l) => [l, z.array(nonEmpty).min(5, 'needs at least 5 training phrases')])) as Record<
    (typeof LABELS)[number],
    z.ZodArray<typeof nonEmpty>
  >,
);

/** Phrases per sub-cause (training/subcauses.yaml): which of a cause's sub-causes a message hints at. */
export const subcausePhrasesFileSchema = z.record(
  id,
  z.strictObject({
    zh: z.array(nonEmpty).min(3, 'needs at least 3 phrases'),
    en: z.array(nonEmpty).min(3, 'needs at least 3 phrases'),
  }),
);

const patternList = z.array(nonEmpty).min(1);
const factPatternsSchema = z.strictObject({ yes: patternList, no: patternList });
/** A choice fact's patterns: one list per option. */
const choicePatternsSchema = (options: readonly string[]) =>
  z.strictObject(Object.fromEntries(options.map((o) => [o, patternList])) as Record<string, typeof patternList>);
export const factPatternsFileSchema = z.strictObject({
  ...perFact(factPatternsSchema, choicePatternsSchema),
  /** A clause one of these matches asks or supposes rather than states: no fact is read from it. */
  questions: patternList,
  /**
   * Rules for a yes taken back later in its sentence: a yes to one of a rule's `facts` with one of
   * its `back` patterns after it ("之前开过梯子，现在已经关了", "权限关了，后来又打开了") is a no.
   */
  undone: z.array(
    z.strictObject({
      facts: z
        .array(z.enum(FACT_IDS.filter((f) => !isChoiceFact(f)) as [YesNoFactId, ...YesNoFactId[]]))
        .min(1, 'needs at least one yes / no fact'),
      back: patternList,
    }),
  ),
  /** A reading that settles another fact the message does not state itself (fails on every network ⇒ not only on mobile data). */
  implies: z.array(
    z.strictObject({
      if: z.record(z.string(), z.string()),
      then: z.record(z.string(), z.string()),
    }),
  ),
});
/** A request for a person anywhere in a message (request-patterns.yaml). */
export const requestPatternsFileSchema = z.strictObject({ human: patternList });
/** Words that answer the question just asked, read only while it is open (reply-patterns.yaml). */
const replyAnswers = z.strictObject({
  unknown: patternList.optional(),
  no: patternList.optional(),
  yes: patternList.optional(),
  still_fails: z.enum(['yes', 'no']).optional(),
  works_now: z.enum(['yes', 'no']).optional(),
});
export const replyPatternsFileSchema = z.strictObject({
  still_fails: patternList,
  any: z.strictObject({ unknown: patternList, no: patternList.optional(), yes: patternList.optional() }),
  facts: z.partialRecord(z.enum(FACT_IDS.filter((f) => !isChoiceFact(f)) as [YesNoFactId, ...YesNoFactId[]]), replyAnswers),
});
/** "It works now" inside a thank-you or other message (outcome-patterns.yaml). */
export const outcomePatternsFileSchema = z.strictObject({
  worked: patternList,
  still_broken: patternList,
  skip: patternList,
  tried: patternList,
  trying: patternList,
});
export const platformPatternsFileSchema = z.strictObject(
  Object.fromEntries(PLATFORMS.map((p) => [p, patternList])) as Record<(typeof PLATFORMS)[number], typeof patternList>,
);

/** Regional word → mainland word, both in simplified characters. */
const hanWord = z.string().regex(/^\p{Script=Han}+$/u, 'a word in Chinese characters');
export const regionalWordsFileSchema = z.record(hanWord, hanWord);

const englishWord = z.string().regex(/^[a-z]+$/, 'a lower-case English word without apostrophes');
export const negationWordsFileSchema = z.strictObject({
  span: z.number().int().min(1).max(6),
  zh: z.strictObject({ prefixes: z.array(hanWord).min(1), filler: z.array(hanWord) }),
  en: z.strictObject({ words: z.array(englishWord).min(1), filler: z.array(englishWord) }),
});

export const dialogFileSchema = z.strictObject({
  stopThreshold: unit,
  maxQuestions: z.number().int().min(0).max(13),
  maxSteps: z.number().int().min(1),
  minGain: z.number().min(0),
  tieMargin: z.number().min(0).max(1),
  overturnMin: unit,
  hintWeight: unit,
  hintTemperature: z.number().min(1).max(50).default(1),
  hintCap: unit.default(1),
  subHintWeight: unit.default(0),
  subCauseBlend: unit.default(0),
  failFactor: unit,
  failOtherFactor: unit.default(1),
  stepChanceRatio: unit.default(0),
  plausibleMin: unit,
  coverMin: unit,
  acceptConfidence: unit,
  minMargin: unit,
  guessConfidence: unit,
  classifierTemperature: z.number().min(1).max(50),
});
