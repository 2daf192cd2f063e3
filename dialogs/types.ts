/**
 * The vocabulary shared by the dialog machine and the shell. Everything here is plain data:
 * the machine never sees text, channels or storage, only these ids and numbers.
 */

export const CAUSES = ['network', 'server', 'device', 'account', 'security'] as const;
export type Cause = (typeof CAUSES)[number];

export const FACT_IDS = [
  'other_apps_online',
  'switch_network_helps',
  'weak_signal_area',
  'restricted_network',
  'others_affected',
  'outage_notice',
  'app_outdated',
  'storage_low',
  'permissions_restricted',
  'account_notice',
  'youth_mode',
  'security_software',
  'vpn_proxy',
  'mobile_data_only',
  'firewall_prompt',
  'other_device_works',
  'daily_cutoff',
  'several_devices',
  'reinstalled',
  'restarted_device',
  'restarted_wechat',
  'recent_change',
] as const;
export type FactId = (typeof FACT_IDS)[number];

/**
 * Facts answered by picking one of several options rather than yes or no ("what changed just before
 * it started?"), with their option ids. Every other fact is yes / no.
 */
export const CHOICE_OPTIONS = {
  recent_change: ['system_update', 'new_security_app', 'vpn_on', 'settings_changed', 'new_device', 'network_changed', 'nothing'],
} as const satisfies Partial<Record<FactId, readonly string[]>>;
export type ChoiceFactId = keyof typeof CHOICE_OPTIONS;
export type ChoiceOption = (typeof CHOICE_OPTIONS)[ChoiceFactId][number];

export function isChoiceFact(fact: FactId): fact is ChoiceFactId {
  return fact in CHOICE_OPTIONS;
}

/** The answers a fact can have (yes / no, or its options), not counting "don't know". */
export function answersOf(fact: FactId): readonly StatedAnswer[] {
  return isChoiceFact(fact) ? CHOICE_OPTIONS[fact] : (['yes', 'no'] as const);
}

export const PLATFORMS = ['android', 'ios', 'desktop'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const FAQ_IDS = ['faq_history', 'faq_restart', 'faq_prevention'] as const;
export type FaqId = (typeof FAQ_IDS)[number];

/** Understanding labels. The first eighteen are a contract other parts rely on. */
export const LABELS = [
  ...CAUSES,
  'unspecified',
  ...FAQ_IDS,
  'human',
  'greeting',
  'thanks',
  'goodbye',
  'affirm',
  'deny',
  'dont_know',
  'out_of_scope',
  'start_over',
  'cancel',
  'delete_data',
  'leave_message',
] as const;
export type Label = (typeof LABELS)[number];

export type Lang = 'zh' | 'en';
/** What the user said to a fact: yes, no, one of a choice fact's options, or "don't know". */
export type StatedAnswer = 'yes' | 'no' | ChoiceOption;
export type Answer = StatedAnswer | 'unknown';

export function isCause(label: string): label is Cause {
  return (CAUSES as readonly string[]).includes(label);
}
export function isFaq(label: string): label is FaqId {
  return (FAQ_IDS as readonly string[]).includes(label);
}

/** What the shell understood of one user message. */
export interface Understanding {
  label: Label;
  confidence: number;
  /** Second-best label and its confidence, to tell a clear reading from a close call. */
  runnerUp?: { label: Label; confidence: number };
  /** The classifier's probabilities over the five causes, renormalised to sum to 1. */
  causeScores: Record<Cause, number>;
  /** Per sub-cause id, how likely the words make it among its cause's sub-causes (each cause's sum to 1). */
  subScores?: Partial<Record<string, number>>;
  /** How much the words behind `subScores` (those not stating facts) hint at any cause (0–1). */
  subMass?: number;
  /** How much of the classifier's mass went to the five causes (0–1): how much of a hint it is. */
  causeMass: number;
  /** Facts the message states outright, e.g. "没开VPN" → vpn_proxy: 'no'. */
  facts: Partial<Record<FactId, StatedAnswer>>;
  platform?: Platform;
  /** The language of the message, when it has words; `sentence` when it is a full sentence. */
  lang?: Lang;
  sentence: boolean;
  /** The user's own words, kept for the agent's summary. */
  text: string;
  /** A satisfaction score 1–5, when the message is one ("5", "4分", "⭐⭐⭐"). */
  rating?: number;
  /** The message also says it works now ("好了谢谢", "fixed, thank you"), whatever its label. */
  saysWorked?: boolean;
  /** The message says it does not (or no longer) work ("还是不行", "it stopped again"). */
  saysStillBroken?: boolean;
  /** The whole message says the step was done and not how it went ("试了", "done"). */
  saysTriedOnly?: boolean;
  /** The whole message asks for a moment ("我试试", "one sec"): nothing to act on yet. */
  asksForAMoment?: boolean;
  /**
   * What the message would answer to a question were that question open, in words that state nothing
   * on their own ("换了也不行" after "does another network help?" is a no): per fact, from
   * knowledge/reply-patterns.yaml. A fact stated outright (`facts`) comes first.
   */
  replies?: Partial<Record<FactId, Answer>>;
  /**
   * The answer to whatever yes / no question is open: don't know when the user cannot tell or has not
   * checked ("怎么看", "how do I check that", "haven't looked"), or a hedged no or yes ("好像没有吧").
   */
  replyAny?: Answer;
  /** A bare yes / no / don't-know the message opens with before saying more ("对，而且wifi和流量都试过了"). */
  leadingAnswer?: 'affirm' | 'deny' | 'dont_know';
  /** The message is a button that means something at one moment only, pressed maybe long after. */
  button?: 'keep_waiting' | 'no_rating';
}

/** P(answer | cause), and per sub-cause where one differs from its cause. */
export interface AnswerLikelihood {
  likelihood: Record<Cause, number>;
  bySubcause?: Partial<Record<string, number>>;
}

interface FactAsking {
  cost: number;
  answerable: number;
  platforms?: readonly Platform[];
}

/** A yes / no fact: the likelihood of "yes" (that of "no" is its complement) … */
export type YesNoFactSpec = AnswerLikelihood & FactAsking;
/** … or a choice fact: the likelihood of each option. */
export type ChoiceFactSpec = FactAsking & { options: Record<ChoiceOption, AnswerLikelihood> };
export type FactSpec = YesNoFactSpec | ChoiceFactSpec;

/** The numbers and ids the machine reasons with, taken from knowledge/ by the shell. */
export interface DialogModel {
  priors: Record<Cause, number>;
  /**
   * Fix steps per cause, simplest first; `platformSpecific` steps need the user's platform; a step
   * is skipped when the user's answers match its `skipWhen` (no VPN → no "turn off the VPN");
   * `fixes` names the sub-causes it can remedy (all of its cause's when absent).
   */
  steps: Record<
    Cause,
    { id: string; platformSpecific: boolean; skipWhen?: Partial<Record<FactId, StatedAnswer>>; fixes?: readonly string[] }[]
  >;
  /**
   * The sub-causes of each cause, with their share of its prior (`weight`, relative) and the
   * platforms they can happen on (all when absent). A cause without any is one sub-cause.
   */
  subcauses?: Partial<Record<Cause, { id: string; weight: number; platforms?: readonly Platform[] }[]>>;
  /**
   * Per fact: P(yes | cause), for every sub-cause of the cause unless `bySubcause` gives that
   * sub-cause its own (a choice fact: a weight per option in the same shape, normalised over the
   * options for each sub-cause); how costly the question is (1 = normal); how likely a user is to know the answer
   * at all (0–1); and the platforms it makes sense on (all when absent).
   */
  facts: Record<FactId, FactSpec>;
  /**
   * The share of users on each platform (for sub-causes limited to some, before the user says), and
   * the factor for a sub-cause on a platform it cannot happen on (small, not 0: the platform may be misread).
   */
  platform: { share: Record<Platform, number>; mismatch: number };
  settings: DialogSettings;
}

export interface DialogSettings {
  /** Stop asking once the top cause reaches this probability. */
  stopThreshold: number;
  /** Ask at most this many questions per diagnosis. */
  maxQuestions: number;
  /** A question must be expected to gain at least this many bits (per unit of cost). */
  minGain: number;
  /**
   * When the question budget is spent and the top two causes are closer than this, one more
   * question is asked: the one that best tells exactly those two apart.
   */
  tieMargin: number;
  /**
   * The top cause is probable enough to stop, but one question could still overturn it: asked
   * when the chance that the user can answer it and the answer puts another cause on top is at
   * least this (within the question budget).
   */
  overturnMin: number;
  /** How much the classifier's reading of the opening message moves the prior (0–1). */
  hintWeight: number;
  /**
   * Softens the classifier's split between causes before it moves the prior: naive Bayes is sure of
   * one cause from a few words, while one message says less than that (1 = as classified).
   */
  hintTemperature: number;
  /** No cause may pass this probability on the opening message's wording alone. */
  hintCap: number;
  /**
   * How far the words move a cause's sub-causes away from their base shares, toward the sub-cause
   * they hint at (0 = base shares only), in proportion to how much they hint at that cause.
   */
  subHintWeight: number;
  /** How much the sub-cause phrases' reading of the cause counts beside the intent classifier's (0–1). */
  subCauseBlend: number;
  /**
   * A failed fix step multiplies the probability of the sub-causes it remedies by this factor (of
   * its whole cause when the evidence gives only counts per cause) …
   */
  failFactor: number;
  /** … and that of its cause's other sub-causes by this one (1 = a failure says nothing about them). */
  failOtherFactor: number;
  /**
   * Within a cause, the simplest step whose chance of remedying the likely sub-cause is at least
   * this share of the best step's goes next (0 = always the simplest, 1 = always the likeliest).
   */
  stepChanceRatio: number;
  /** At most this many fix steps before offering a person. */
  maxSteps: number;
  /** Causes below this probability are not worth walking through. */
  plausibleMin: number;
  /** Before a person takes over, the likeliest cause never started gets one step if it is at least this probable. */
  coverMin: number;
  /** Understanding: accept a label at or above this confidence … */
  acceptConfidence: number;
  /** … unless the runner-up is closer than this margin. */
  minMargin: number;
  /** Below acceptConfidence, a guess at or above this is worth confirming. */
  guessConfidence: number;
}

/** What the machine wants said; the shell picks words and card shapes per language and channel. */
export type ReplyIntent =
  | { type: 'welcome' }
  | { type: 'ask_describe' }
  | { type: 'greeting_reply' }
  | { type: 'diagnosis_intro' }
  | { type: 'ask'; fact: FactId; reask?: boolean }
  | { type: 'ask_platform' }
  | { type: 'cause_found'; cause: Cause; first: boolean; resumed?: boolean; last?: boolean; subcause?: string }
  | { type: 'step'; cause: Cause; stepId: string; n: number; platform?: Platform }
  | { type: 'step_failed_next' }
  | { type: 'answer_noted' }
  | { type: 'ask_outcome' }
  | { type: 'take_your_time' }
  | { type: 'platform_known'; platform: Platform }
  | { type: 'resolved' }
  | { type: 'not_fixed_after_all' }
  | { type: 'works_now_check' }
  | { type: 'not_working_after_all' }
  | { type: 'anything_else' }
  | { type: 'fixes_exhausted' }
  | { type: 'handoff_start' }
  | { type: 'handoff_waiting' }
  | { type: 'handoff_cancelled' }
  | { type: 'works_while_waiting' }
  | { type: 'queue_left_works' }
  | { type: 'handoff_declined' }
  | { type: 'agent_joined'; agent: string }
  | { type: 'agent_left' }
  | { type: 'handoff_timeout' }
  | { type: 'handoff_failed' }
  | { type: 'ask_leave_message' }
  | { type: 'message_left' }
  | { type: 'csat_ask' }
  | { type: 'csat_thanks' }
  | { type: 'outage_notice' }
  /** Added by the shell, which knows the queue: "you're number 2 in the queue". */
  | { type: 'queue_position'; position: number }
  | { type: 'fallback_confirm'; guess: Label }
  | { type: 'fallback_rephrase' }
  | { type: 'fallback_offer_human' }
  | { type: 'faq'; id: FaqId }
  | { type: 'faq_resume' }
  | { type: 'out_of_scope' }
  | { type: 'thanks_reply' }
  | { type: 'goodbye_reply' }
  | { type: 'start_over' }
  | { type: 'server_wait' }
  | { type: 'resolved_after_end' }
  | { type: 'delete_data_confirm' }
  | { type: 'delete_data_done' }
  | { type: 'delete_data_kept' };

/** Asks the shell to act, beside what is said. */
export type SideEffect =
  | { type: 'delete_conversation_data' }
  /** Put the conversation in front of a person (the desk's queue or the contact-centre platform). */
  | { type: 'handoff_requested' }
  /** The user no longer wants a person: leave the queue, or tell the agent who has the conversation. */
  | { type: 'handoff_cancelled' }
  /** A message for the agent who has the conversation; the bot does not answer it. */
  | { type: 'relay_to_agent'; text: string }
  /** No agent was free: the user's message waits for staff. */
  | { type: 'leave_message'; text: string }
  | { type: 'csat_recorded'; score: number; by: 'bot' | 'agent' };
