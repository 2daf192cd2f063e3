/**
 * The troubleshooting conversation as a pure XState v5 machine.
 *
 * welcome → triage → diagnosing → fixing → resolved, plus handoff and ended. The shell sends two
 * events per user message: NOTE (absorb what the message states: language, facts, platform) then
 * USER (act on what it means). The machine answers only through emitted `reply` events carrying
 * reply intents, and `effect` events asking the shell to act; it never sees text or I/O.
 */
import { and, assign, enqueueActions, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { isClear, isConfirmableGuess, namesPlatformOnly, statesFacts } from './clarity';
import {
  hintedPrior,
  hintedShares,
  mixShares,
  nextQuestion,
  normalize,
  posterior,
  posteriors,
  type Distribution,
  type Evidence,
  type Shares,
} from './diagnosis';
import { NO_FIX_PROGRESS, advanceTo, nextStep, type FixProgress, type PlannedStep } from './fixing';
import {
  CAUSES,
  answersOf,
  isCause,
  isChoiceFact,
  isFaq,
  type Answer,
  type DialogModel,
  type FactId,
  type FaqId,
  type Label,
  type Lang,
  type Platform,
  type ReplyIntent,
  type SideEffect,
  type Understanding,
} from './types';

/** Bump when the context or states change shape: stored snapshots of another version start fresh. */
export const MACHINE_VERSION = 2;

/** What the bot is waiting for, so it can ask again after an FAQ, a greeting or a clarification. */
export type Prompt =
  | { type: 'ask_describe' }
  | { type: 'ask'; fact: FactId }
  | { type: 'ask_platform' }
  | { type: 'step'; cause: (typeof CAUSES)[number]; stepId: string; n: number; platform?: Platform }
  | { type: 'anything_else' }
  | { type: 'fixes_exhausted' }
  | { type: 'csat_ask' };

/** A yes/no side question the next message may answer. */
export type Pending =
  | { kind: 'confirm'; u: Understanding }
  | { kind: 'offer_human'; reason: 'fallback' | 'exhausted' }
  | { kind: 'delete_data' }
  /** "It works now" while waiting for a person: leave the queue? */
  | { kind: 'leave_queue' }
  /** "好了" in the middle of the questions: is WeChat working now? */
  | { kind: 'works_now' };

export interface DialogContext {
  lang: Lang;
  /** Set by the first message with words; afterwards only a full sentence switches the language. */
  langSettled: boolean;
  greeted: boolean;
  /** Counts user messages; `welcomedTurn` tells a welcome sent on this very message. */
  turn: number;
  welcomedTurn: number;
  /** The user's own words describing the problem (for the agent's summary). */
  problem: string[];
  prior: Distribution;
  /** The sub-causes' shares within their causes as the words moved them (absent: the base shares). */
  shares?: Shares;
  answers: Partial<Record<FactId, Answer>>;
  asked: FactId[];
  platform?: Platform | 'unknown';
  fix: FixProgress;
  prompt?: Prompt;
  pending?: Pending;
  /** The fallback ladder's last rung: confirm the guess → ask to rephrase → offer a human. */
  ladder: 'none' | 'confirmed' | 'rephrased' | 'offered';
  faqsAsked: FaqId[];
  /** Set when the bot solved the problem, cleared by a new diagnosis. */
  resolvedBy?: { cause: (typeof CAUSES)[number]; stepId: string };
  /** Set when it started working by itself mid-diagnosis: where to pick up if it did not last. */
  resolvedAt?: Prompt;
  /** Staff have switched on the known-outage notice (the shell says so with every message). */
  outage: boolean;
  /** The agent who has the conversation. */
  agent?: string;
  /** Whose help the satisfaction score being asked for rates. */
  rateFor?: 'bot' | 'agent';
}

export type DialogEvent =
  | { type: 'START'; locale?: Lang; outage?: boolean }
  | { type: 'NOTE'; u: Understanding; locale?: Lang; outage?: boolean }
  | { type: 'USER'; u: Understanding }
  // From the handoff side (the agent desk or a contact-centre platform), never from the user.
  | { type: 'AGENT_JOINED'; agent: string }
  | { type: 'AGENT_LEFT' }
  | { type: 'HANDOFF_TIMEOUT' }
  | { type: 'HANDOFF_FAILED' };

export type DialogEmitted = { type: 'reply'; intent: ReplyIntent } | { type: 'effect'; effect: SideEffect };

/**
 * "The most likely cause is …" when the walk turns to a cause, before its step (or the platform
 * question it needs); "back to …" when it returns to one it started earlier.
 */
function announce(
  planned: PlannedStep,
  fix: FixProgress,
  enqueue: { emit: (e: DialogEmitted) => void; assign: (a: Partial<DialogContext>) => void },
): void {
  // The last check is announced even within the current cause: it names the sub-cause it checks.
  if (!planned.last && (!planned.newCause || fix.announced === planned.cause)) return;
  const resumed = planned.resumed ? { resumed: true } : {};
  const last = planned.last ? { last: true, ...(planned.subcause ? { subcause: planned.subcause } : {}) } : {};
  enqueue.emit({ type: 'reply', intent: { type: 'cause_found', cause: planned.cause, first: planned.first, ...resumed, ...last } });
  if (planned.cause === 'server') enqueue.emit({ type: 'reply', intent: { type: 'server_wait' } });
  enqueue.assign({ fix: { ...fix, announced: planned.cause } });
}

function understandingOf(event: DialogEvent): Understanding {
  if (event.type !== 'NOTE' && event.type !== 'USER') throw new Error(`${event.type} carries no understanding`);
  return event.u;
}

/** The rating's "Skip" / "不打分" (pressed, typed, or "跳过"): at a question it passes the question, as "don't know" does. */
function passes(u: Understanding): boolean {
  return u.button === 'no_rating';
}

/** Labels that ask the bot to do something: a message with one of them is not an answer to a question. */
const REQUESTS: readonly Label[] = ['human', 'start_over', 'cancel', 'delete_data', 'leave_message'];

/** The question open is one the answers now hold (the message just stated it). */
function openAnswered(context: DialogContext): boolean {
  return context.prompt?.type === 'ask' && context.answers[context.prompt.fact] !== undefined;
}

/**
 * "别的app都能用，帮我转人工吧", "别的app都能用，会丢聊天记录吗？": whatever else the message says, it asks
 * for something the bot must do or answer (the recognizer keeps an FAQ label only for a question).
 */
function asksSomething(u: Understanding): boolean {
  return REQUESTS.includes(u.label) || isFaq(u.label);
}

/**
 * What a message answers to the question `fact` in its own words ("换了也不行" after "does another
 * network help?"; "怎么看啊" at any question is don't know), when it does not state the fact outright.
 * A clear yes or no it opens with outweighs a "didn't notice" later ("有 弹过一个 我没注意点了啥").
 */
function replyTo(u: Understanding, fact: FactId): Answer | undefined {
  // A request ("重启了也不行 转人工") is not an answer, whatever words it shares with one.
  if (asksSomething(u)) return undefined;
  const own = u.replies?.[fact];
  if (own) return own;
  // A choice question ("what changed?") takes "don't know" from these, not a yes or a no.
  const leads = u.leadingAnswer === 'affirm' || u.leadingAnswer === 'deny';
  if (!u.replyAny || leads || (isChoiceFact(fact) && u.replyAny !== 'unknown')) return undefined;
  return u.replyAny;
}

/** A known outage announced by staff: the server cause starts with at least half the belief. */
function withOutage(prior: Distribution): Distribution {
  const mixed = {} as Distribution;
  for (const c of CAUSES) mixed[c] = prior[c] / 2 + (c === 'server' ? 0.5 : 0);
  return normalize(mixed);
}

export function initialContext(model: DialogModel, lang: Lang = 'zh'): DialogContext {
  return {
    lang,
    langSettled: false,
    greeted: false,
    turn: 0,
    welcomedTurn: -1,
    problem: [],
    prior: normalize({ ...model.priors }),
    answers: {},
    asked: [],
    fix: NO_FIX_PROGRESS,
    ladder: 'none',
    faqsAsked: [],
    outage: false,
  };
}

/** The belief over causes in a given context: what the trace's ranking shows every turn. */
export function beliefOf(model: DialogModel, ctx: DialogContext): Distribution {
  return posterior(model, evidenceOf(ctx));
}

/** Everything the diagnosis has heard: the prior, the answers, the failed fix steps, the platform. */
function evidenceOf(ctx: DialogContext): Evidence {
  return {
    prior: ctx.prior,
    shares: ctx.shares,
    answers: ctx.answers,
    failedSteps: ctx.fix.tried.filter((t) => !t.worked).map((t) => t.stepId),
    platform: ctx.platform,
  };
}

function promptIntent(prompt: Prompt): ReplyIntent {
  switch (prompt.type) {
    case 'ask':
      return { type: 'ask', fact: prompt.fact, reask: true };
    case 'step':
      return { type: 'step', cause: prompt.cause, stepId: prompt.stepId, n: prompt.n, platform: prompt.platform };
    default:
      return { type: prompt.type };
  }
}

export function createTroubleshootingMachine(model: DialogModel) {
  const s = model.settings;
  const labelIs =
    (...labels: Label[]) =>
    ({ event }: { event: DialogEvent }) =>
      event.type === 'USER' && labels.includes(event.u.label);

  /** The fix step that would come next, judged on the causes and on their sub-causes. */
  const plannedStep = (context: DialogContext) => {
    const { causes, subcauses } = posteriors(model, evidenceOf(context));
    return nextStep(model, causes, context.fix, context.answers, subcauses);
  };

  /**
   * Checked first in every state: a yes/no to a side question ("did you mean …?", "shall I get a
   * person?", "delete your data?"), then the fallback ladder for a message that was not clear.
   */
  const PREAMBLE = [
    // An old "keep waiting" or "no rating" button pressed at another moment: not a yes or a no to this one.
    { guard: 'staleButton', actions: 'reprompt' },
    { guard: 'confirmAccepted', actions: 'acceptGuess' },
    { guard: 'confirmRejected', actions: 'rejectGuess' },
    { guard: 'humanOfferAccepted', target: '#troubleshooting.handoff', actions: 'startHandoff' },
    { guard: 'exhaustedOfferDeclined', target: '#troubleshooting.ended', actions: 'declineHumanAtEnd' },
    { guard: 'humanOfferDeclined', actions: 'declineHuman' },
    { guard: 'deleteConfirmed', target: '#troubleshooting.ended', actions: 'deleteData' },
    { guard: 'deleteDeclined', actions: 'keepData' },
    { guard: 'isUnclear', actions: 'clarify' },
  ] as const;

  /**
   * In the queue, waiting or timed out alike: "cancel" brings the bot back; a message can be left at any
   * time; "好了" while waiting offers to leave the queue; anything else (a "no" to that offer too) keeps
   * waiting and closes the offer.
   */
  const IN_QUEUE = [
    { guard: 'isCancel', actions: 'cancelHandoff', target: '#troubleshooting.resume' },
    { guard: 'isLeaveMessage', target: 'message', actions: 'askLeaveMessage' },
    { guard: 'leaveQueueAccepted', target: '#troubleshooting.resolved.more', actions: 'leaveQueueWorking' },
    { guard: 'saysItWorks', actions: 'offerLeaveQueue' },
    { actions: ['clearPending', 'handoffWaiting'] },
  ] as const;

  /** After it was taken as working, at the rating or "anything else?": "还是不行" picks up where it was. */
  const BROKE_AGAIN = [
    { guard: 'brokeAgain', target: '#troubleshooting.fixing', actions: 'reopenFix' },
    { guard: 'brokeAgainByItself', target: '#troubleshooting.resume', actions: 'reopenQuestion' },
  ] as const;

  /** While a question is open: "好了" asks whether WeChat works now; yes ends well, no asks the question again. */
  const WORKS_NOW = [
    { guard: 'worksNowConfirmed', target: '#troubleshooting.resolved.rating', actions: 'resolvedItself' },
    { guard: 'worksNowDenied', actions: ['clearPending', 'reprompt'] },
    { guard: 'mayWorkNow', actions: 'askWorksNow' },
  ] as const;

  return setup({
    types: {
      context: {} as DialogContext,
      events: {} as DialogEvent,
      emitted: {} as DialogEmitted,
    },
    guards: {
      isAffirm: labelIs('affirm'),
      isDeny: labelIs('deny'),
      isDontKnow: ({ event }) => labelIs('dont_know')({ event }) || passes(understandingOf(event)),
      isHuman: labelIs('human'),
      isFaq: ({ event }) => event.type === 'USER' && isFaq(event.u.label),
      isStartOver: labelIs('start_over'),
      isGoodbye: labelIs('goodbye'),
      isGreeting: labelIs('greeting'),
      isThanks: labelIs('thanks'),
      isOutOfScope: labelIs('out_of_scope'),
      isCancel: labelIs('cancel'),
      isDeleteData: labelIs('delete_data'),
      isLeaveMessage: labelIs('leave_message'),
      givesRating: ({ event }) => event.type === 'USER' && event.u.rating !== undefined,
      /** A plain yes / no / don't know; "没开vpn" reads as "no" but is a statement about the VPN, not an answer. */
      isBareAnswer: ({ event }) =>
        labelIs('affirm', 'deny', 'dont_know')({ event }) &&
        !statesFacts(understandingOf(event)) &&
        !namesPlatformOnly(understandingOf(event), s),
      // A request in the same message ("对，帮我转人工吧") goes to the handlers at the top: it outweighs the answer.
      leadsWithAnswer: ({ event }) => understandingOf(event).leadingAnswer !== undefined && !asksSomething(understandingOf(event)),
      saysTriedOnly: ({ event }) => understandingOf(event).saysTriedOnly === true,
      asksForAMoment: ({ event }) => understandingOf(event).asksForAMoment === true,
      leadsWithYes: ({ event }) => understandingOf(event).leadingAnswer === 'affirm',
      leadsWithNo: ({ event }) => understandingOf(event).leadingAnswer === 'deny',
      /** "安卓" alone: a platform and no reading worth acting on (its yes / no label is a guess). */
      namesPlatformOnly: ({ event }) => namesPlatformOnly(understandingOf(event), s),
      // A reply that answers the open question in its own words is clear, whatever the classifier makes of it.
      isUnclear: ({ context, event }) =>
        !isClear(understandingOf(event), s) && !(context.prompt?.type === 'ask' && replyTo(understandingOf(event), context.prompt.fact)),
      /** A message that reports the problem or a clue to its cause starts a diagnosis. */
      describesProblem: ({ event }) => {
        const u = understandingOf(event);
        return isCause(u.label) || u.label === 'unspecified' || (statesFacts(u) && !asksSomething(u));
      },
      /** In the middle of a diagnosis, a clue about another fact or cause is worth re-deciding on. */
      givesEvidence: ({ event }) => {
        const u = understandingOf(event);
        return isCause(u.label) || (statesFacts(u) && !asksSomething(u));
      },
      /**
       * Where the bot waits for a description of the problem, a problem report is what it expects:
       * a guess-level reading of one starts the diagnosis (which asks questions anyway, and a weak
       * reading hardly moves the prior) instead of a "did you mean …?" round.
       */
      plausibleProblemReport: ({ event }) => {
        const u = understandingOf(event);
        return (isCause(u.label) || u.label === 'unspecified') && u.confidence >= s.guessConfidence;
      },
      /** "不知道" or "是" when asked to describe the problem: diagnose from the base rates. */
      cannotDescribe: labelIs('affirm', 'dont_know'),
      statesFacts: ({ event }) => statesFacts(understandingOf(event)) && !asksSomething(understandingOf(event)),
      /** "好了谢谢" after a step: a thank-you that says the step worked. */
      thanksForAFix: ({ event }) => {
        const u = understandingOf(event);
        return u.label === 'thanks' && u.saysWorked === true;
      },
      /** "still not connecting" answers "did that work?" with no. */
      reportsStillBroken: ({ event }) => {
        const u = understandingOf(event);
        return (u.label === 'deny' || u.label === 'unspecified') && !statesFacts(u);
      },
      repliesToAsked: ({ context, event }) =>
        context.prompt?.type === 'ask' && replyTo(understandingOf(event), context.prompt.fact) !== undefined,
      // The facts a message states are noted (NOTE) either way; a request it makes is still carried out.
      askedFactAnswered: ({ context, event }) => openAnswered(context) && !asksSomething(understandingOf(event)),
      openQuestionAnswered: ({ context }) => openAnswered(context),
      opensWithAnswer: ({ event }) => understandingOf(event).leadingAnswer !== undefined,
      hasQuestion: ({ context }) => nextQuestion(model, evidenceOf(context), context.asked) !== undefined,
      noStepLeft: ({ context }) => plannedStep(context) === undefined,
      stepNeedsPlatform: ({ context }) => context.platform === undefined && plannedStep(context)?.platformSpecific === true,
      justWelcomed: ({ context }) => context.welcomedTurn === context.turn,
      platformKnown: ({ context }) => context.platform !== undefined,
      confirmAccepted: ({ context, event }) => context.pending?.kind === 'confirm' && labelIs('affirm')({ event }),
      confirmRejected: ({ context, event }) => context.pending?.kind === 'confirm' && labelIs('deny')({ event }),
      humanOfferAccepted: ({ context, event }) => context.pending?.kind === 'offer_human' && labelIs('affirm')({ event }),
      exhaustedOfferDeclined: ({ context, event }) =>
        context.pending?.kind === 'offer_human' && context.pending.reason === 'exhausted' && labelIs('deny')({ event }),
      humanOfferDeclined: ({ context, event }) => context.pending?.kind === 'offer_human' && labelIs('deny')({ event }),
      /** "还是不行" after a step the bot took as the fix (not after an agent's help: that is a new problem). */
      brokeAgain: ({ context, event }) => context.resolvedBy !== undefined && understandingOf(event).saysStillBroken === true,
      /** … or after it had started working by itself during the questions. */
      brokeAgainByItself: ({ context, event }) => context.resolvedAt !== undefined && understandingOf(event).saysStillBroken === true,
      /** "好了", "可以了", "it works now" while a question is open, stating no fact: it may have come back by itself. */
      // "Switched and it's fine now" at "does another network help?" answers it (reply-patterns.yaml `works_now`).
      mayWorkNow: ({ context, event }) => {
        const u = understandingOf(event);
        const answers = context.prompt?.type === 'ask' && replyTo(u, context.prompt.fact) !== undefined;
        return u.saysWorked === true && !statesFacts(u) && !answers && ['affirm', 'thanks', 'unspecified'].includes(u.label);
      },
      worksNowConfirmed: ({ context, event }) => context.pending?.kind === 'works_now' && labelIs('affirm')({ event }),
      worksNowDenied: ({ context, event }) => context.pending?.kind === 'works_now' && labelIs('deny')({ event }),
      /** "好了", "it works now" — not "还没好". */
      saysItWorks: ({ event }) => understandingOf(event).saysWorked === true && !labelIs('cancel', 'deny', 'human')({ event }),
      leaveQueueAccepted: ({ context, event }) =>
        context.pending?.kind === 'leave_queue' && labelIs('affirm')({ event }) && understandingOf(event).button !== 'keep_waiting',
      staleButton: ({ context, event }) => {
        const b = understandingOf(event).button;
        // "不打分"/"Skip" read as a no would end the chat at "anything else?" or fail the open step.
        return b === 'keep_waiting' || (b === 'no_rating' && (context.prompt?.type === 'anything_else' || context.prompt?.type === 'step'));
      },
      deleteConfirmed: ({ context, event }) => context.pending?.kind === 'delete_data' && labelIs('affirm')({ event }),
      deleteDeclined: ({ context, event }) => context.pending?.kind === 'delete_data' && labelIs('deny')({ event }),
      resumeAsking: ({ context }) => context.prompt?.type === 'ask',
      resumePlatform: ({ context }) => context.prompt?.type === 'ask_platform',
      resumeStep: ({ context }) => context.prompt?.type === 'step',
      resumeExhausted: ({ context }) => context.prompt?.type === 'fixes_exhausted',
      resumeResolved: ({ context }) => context.prompt?.type === 'anything_else',
      resumeRating: ({ context }) => context.prompt?.type === 'csat_ask',
    },
    actions: {
      greet: enqueueActions(({ context, event, enqueue }) => {
        if (context.greeted) return;
        const lang = event.type === 'START' && event.locale && !context.langSettled ? event.locale : context.lang;
        enqueue.assign({ greeted: true, lang, prompt: { type: 'ask_describe' }, outage: event.type === 'START' && event.outage === true });
        enqueue.emit({ type: 'reply', intent: { type: 'welcome' } });
      }),

      /** NOTE: take in what the message states, whatever it goes on to mean. */
      absorb: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'NOTE') return;
        const u = event.u;
        let lang = context.lang;
        let langSettled = context.langSettled;
        if (u.lang && !langSettled) {
          lang = u.lang === 'zh' ? 'zh' : (event.locale ?? 'en');
          langSettled = true;
        } else if (u.lang && u.sentence && u.lang !== lang) {
          lang = u.lang;
        }
        const clear = isClear(u, s);
        // A side question stays open only for a clear yes or no; anything else moves on from it.
        const keepPending = context.pending && clear && (u.label === 'affirm' || u.label === 'deny');
        enqueue.assign({
          turn: context.turn + 1,
          lang,
          langSettled,
          answers: { ...context.answers, ...u.facts },
          platform: u.platform ?? context.platform,
          pending: keepPending ? context.pending : undefined,
          ladder: clear ? 'none' : context.ladder,
          outage: event.outage === true,
        });
        if (!context.greeted) {
          enqueue.assign({ greeted: true, welcomedTurn: context.turn + 1 });
          enqueue.emit({ type: 'reply', intent: { type: 'welcome' } });
        }
      }),

      startDiagnosis: enqueueActions(({ context, event, enqueue }) => {
        const u = understandingOf(event);
        if (context.outage) enqueue.emit({ type: 'reply', intent: { type: 'outage_notice' } });
        const hinted = hintedPrior(model, u);
        enqueue.assign({
          problem: [...context.problem, u.text],
          prior: context.outage ? withOutage(hinted) : hinted,
          shares: hintedShares(model, u),
          answers: { ...u.facts },
          asked: [],
          fix: NO_FIX_PROGRESS,
          resolvedBy: undefined,
          resolvedAt: undefined,
          prompt: undefined,
        });
      }),

      askQuestion: enqueueActions(({ context, enqueue }) => {
        const fact = nextQuestion(model, evidenceOf(context), context.asked);
        if (!fact) return;
        if (context.asked.length === 0) enqueue.emit({ type: 'reply', intent: { type: 'diagnosis_intro' } });
        enqueue.assign({ asked: [...context.asked, fact], prompt: { type: 'ask', fact } });
        enqueue.emit({ type: 'reply', intent: { type: 'ask', fact } });
      }),

      answerAsked: enqueueActions(({ context, event, enqueue }) => {
        if (context.prompt?.type !== 'ask' || event.type !== 'USER') return;
        // "Skip" reads as a no (its label, for the rating), but here it passes the question; a message
        // that says more opens with its answer ("对，而且…").
        const label = passes(event.u) ? 'dont_know' : (event.u.leadingAnswer ?? event.u.label);
        const { fact } = context.prompt;
        const replied = replyTo(event.u, fact);
        if (replied) {
          enqueue.assign({ answers: { ...context.answers, [fact]: replied } });
          return;
        }
        // At a choice question ("did anything change?") a bare no means the "nothing" option; a bare
        // yes does not say which option, so it counts as not knowing.
        const bare: Answer = label === 'affirm' ? 'yes' : label === 'deny' ? 'no' : 'unknown';
        const answer: Answer = !isChoiceFact(fact) ? bare : bare === 'no' && answersOf(fact).includes('nothing') ? 'nothing' : 'unknown';
        enqueue.assign({ answers: { ...context.answers, [fact]: answer } });
      }),

      /** A cause named mid-diagnosis ("I think it's the network") nudges the prior toward it. */
      takeHint: assign(({ context, event }) => {
        const u = understandingOf(event);
        if (!isCause(u.label)) return {};
        const hinted = hintedPrior(model, u);
        const mixed = {} as Distribution;
        for (const c of CAUSES) mixed[c] = (context.prior[c] + hinted[c]) / 2;
        const shares = hintedShares(model, u);
        return { prior: normalize(mixed), shares: shares ? mixShares(model, context.shares, shares) : context.shares };
      }),

      notePlatform: enqueueActions(({ event, enqueue }) => {
        const { platform } = understandingOf(event);
        if (platform) enqueue.emit({ type: 'reply', intent: { type: 'platform_known', platform } });
      }),

      /** "Got it." for facts stated in a message that did not answer the question asked. */
      noteStatedFacts: enqueueActions(({ event, enqueue }) => {
        if (statesFacts(understandingOf(event))) enqueue.emit({ type: 'reply', intent: { type: 'answer_noted' } });
      }),

      askPlatform: enqueueActions(({ context, enqueue }) => {
        const planned = plannedStep(context);
        if (planned) announce(planned, context.fix, enqueue);
        enqueue.assign({ prompt: { type: 'ask_platform' } });
        enqueue.emit({ type: 'reply', intent: { type: 'ask_platform' } });
      }),

      platformUnknown: assign({ platform: 'unknown' as const }),

      presentStep: enqueueActions(({ context, enqueue }) => {
        const planned = plannedStep(context);
        if (!planned) return;
        const fix = { ...advanceTo(context.fix, planned), announced: planned.cause };
        announce(planned, context.fix, enqueue);
        const platform = context.platform === 'unknown' ? undefined : context.platform;
        const step: Prompt = {
          type: 'step',
          cause: planned.cause,
          stepId: planned.stepId,
          n: fix.tried.length + 1,
          platform: planned.platformSpecific ? platform : undefined,
        };
        enqueue.assign({ fix, prompt: step });
        enqueue.emit({ type: 'reply', intent: promptIntent(step) });
      }),

      stepWorked: enqueueActions(({ context, enqueue }) => {
        if (context.prompt?.type !== 'step') return;
        const { cause, stepId } = context.prompt;
        enqueue.assign({
          fix: { ...context.fix, tried: [...context.fix.tried, { cause, stepId, worked: true }] },
          resolvedBy: { cause, stepId },
          prompt: { type: 'csat_ask' },
          rateFor: 'bot',
        });
        enqueue.emit({ type: 'reply', intent: { type: 'resolved' } });
        enqueue.emit({ type: 'reply', intent: { type: 'csat_ask' } });
      }),

      recordRating: enqueueActions(({ context, event, enqueue }) => {
        const score = understandingOf(event).rating;
        if (score === undefined) return;
        enqueue.emit({ type: 'effect', effect: { type: 'csat_recorded', score, by: context.rateFor ?? 'bot' } });
        enqueue.emit({ type: 'reply', intent: { type: 'csat_thanks' } });
        enqueue.emit({ type: 'reply', intent: { type: 'anything_else' } });
        enqueue.assign({ rateFor: undefined, prompt: { type: 'anything_else' } });
      }),

      askWorksNow: enqueueActions(({ enqueue }) => {
        enqueue.assign({ pending: { kind: 'works_now' } });
        enqueue.emit({ type: 'reply', intent: { type: 'works_now_check' } });
      }),

      /** It came back by itself: glad, and the rating; the open question is kept in case it did not last. */
      resolvedItself: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ pending: undefined, resolvedAt: context.prompt, prompt: { type: 'csat_ask' }, rateFor: 'bot' });
        enqueue.emit({ type: 'reply', intent: { type: 'resolved' } });
        enqueue.emit({ type: 'reply', intent: { type: 'csat_ask' } });
      }),

      /** It did not last: back to the question that was open. */
      reopenQuestion: enqueueActions(({ context, enqueue }) => {
        const at = context.resolvedAt;
        if (!at) return;
        enqueue.assign({ prompt: at, resolvedAt: undefined, rateFor: undefined });
        enqueue.emit({ type: 'reply', intent: { type: 'not_working_after_all' } });
        enqueue.emit({ type: 'reply', intent: promptIntent(at) });
      }),

      /** The step taken as the fix did not hold: count it as failed and walk on. */
      reopenFix: enqueueActions(({ context, enqueue }) => {
        const by = context.resolvedBy;
        if (!by) return;
        const tried = context.fix.tried.map((t) =>
          t.worked && t.cause === by.cause && t.stepId === by.stepId ? { ...t, worked: false } : t,
        );
        enqueue.assign({ fix: { ...context.fix, tried }, resolvedBy: undefined, rateFor: undefined });
        enqueue.emit({ type: 'reply', intent: { type: 'not_fixed_after_all' } });
      }),

      /** "No thanks" to the rating: fine, on to "anything else?". */
      skipRating: enqueueActions(({ enqueue }) => {
        enqueue.assign({ rateFor: undefined, prompt: { type: 'anything_else' } });
        enqueue.emit({ type: 'reply', intent: { type: 'anything_else' } });
      }),

      stepFailed: enqueueActions(({ context, enqueue }) => {
        if (context.prompt?.type !== 'step') return;
        const { cause, stepId } = context.prompt;
        enqueue.assign({
          fix: { ...context.fix, tried: [...context.fix.tried, { cause, stepId, worked: false }] },
        });
        enqueue.emit({ type: 'reply', intent: { type: 'step_failed_next' } });
      }),

      offerHumanExhausted: enqueueActions(({ enqueue }) => {
        enqueue.assign({ prompt: { type: 'fixes_exhausted' }, pending: { kind: 'offer_human', reason: 'exhausted' } });
        enqueue.emit({ type: 'reply', intent: { type: 'fixes_exhausted' } });
      }),

      /** Say again what the bot is waiting for; a pending side question is asked again with it. */
      reprompt: enqueueActions(({ context, enqueue }) => {
        const prompt = context.prompt ?? { type: 'ask_describe' };
        if (prompt.type === 'fixes_exhausted') enqueue.assign({ pending: { kind: 'offer_human', reason: 'exhausted' } });
        enqueue.emit({ type: 'reply', intent: promptIntent(prompt) });
      }),

      /** `resume`: ask again what was open (not when the message answered it, and the next question follows). */
      answerFaq: enqueueActions(({ context, event, enqueue }, params: { resume: boolean }) => {
        const label = understandingOf(event).label;
        if (!isFaq(label)) return;
        enqueue.assign({ faqsAsked: context.faqsAsked.includes(label) ? context.faqsAsked : [...context.faqsAsked, label] });
        enqueue.emit({ type: 'reply', intent: { type: 'faq', id: label } });
        if (params.resume && context.prompt && context.prompt.type !== 'ask_describe') {
          enqueue.emit({ type: 'reply', intent: { type: 'faq_resume' } });
          enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt) });
        }
      }),

      /** The fallback ladder, one rung per unclear message: confirm the guess → rephrase → offer a human. */
      clarify: enqueueActions(({ context, event, enqueue }) => {
        const u = understandingOf(event);
        if (context.ladder === 'none' && isConfirmableGuess(u, s)) {
          enqueue.assign({ ladder: 'confirmed', pending: { kind: 'confirm', u } });
          enqueue.emit({ type: 'reply', intent: { type: 'fallback_confirm', guess: u.label } });
        } else if (context.ladder === 'none' || context.ladder === 'confirmed') {
          enqueue.assign({ ladder: 'rephrased' });
          enqueue.emit({ type: 'reply', intent: { type: 'fallback_rephrase' } });
          if (context.prompt && context.prompt.type !== 'ask_describe') {
            enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt) });
          }
        } else {
          enqueue.assign({ ladder: 'offered', pending: { kind: 'offer_human', reason: 'fallback' } });
          enqueue.emit({ type: 'reply', intent: { type: 'fallback_offer_human' } });
        }
      }),

      /** "Did you mean X?" — "yes": handle the message as X, as if it had been clear. */
      acceptGuess: enqueueActions(({ context, enqueue }) => {
        if (context.pending?.kind !== 'confirm') return;
        const u = context.pending.u;
        enqueue.assign({ pending: undefined, ladder: 'none' });
        enqueue.raise({ type: 'USER', u: { ...u, confidence: 1, runnerUp: undefined } });
      }),

      rejectGuess: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ pending: undefined, ladder: 'rephrased' });
        enqueue.emit({ type: 'reply', intent: { type: 'fallback_rephrase' } });
        if (context.prompt && context.prompt.type !== 'ask_describe') {
          enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt) });
        }
      }),

      declineHuman: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ pending: undefined, ladder: 'none' });
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_declined' } });
        enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt ?? { type: 'ask_describe' }) });
      }),

      declineHumanAtEnd: enqueueActions(({ enqueue }) => {
        enqueue.assign({ pending: undefined, ladder: 'none', prompt: undefined });
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_declined' } });
        enqueue.emit({ type: 'reply', intent: { type: 'goodbye_reply' } });
      }),

      startHandoff: enqueueActions(({ enqueue }) => {
        enqueue.assign({ pending: undefined, ladder: 'none' });
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_start' } });
        enqueue.emit({ type: 'effect', effect: { type: 'handoff_requested' } });
      }),

      handoffWaiting: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_waiting' } });
      }),

      clearPending: assign({ pending: undefined }),

      forgetPrompt: assign({ prompt: undefined }),

      offerLeaveQueue: enqueueActions(({ enqueue }) => {
        enqueue.assign({ pending: { kind: 'leave_queue' } });
        enqueue.emit({ type: 'reply', intent: { type: 'works_while_waiting' } });
      }),

      /** It works after all: out of the queue (the desk is told), then "anything else?". */
      leaveQueueWorking: enqueueActions(({ enqueue }) => {
        enqueue.assign({ agent: undefined, prompt: { type: 'anything_else' } });
        enqueue.emit({ type: 'effect', effect: { type: 'handoff_cancelled' } });
        enqueue.emit({ type: 'reply', intent: { type: 'queue_left_works' } });
        enqueue.emit({ type: 'reply', intent: { type: 'anything_else' } });
      }),

      cancelHandoff: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ agent: undefined });
        enqueue.emit({ type: 'effect', effect: { type: 'handoff_cancelled' } });
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_cancelled' } });
        enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt ?? { type: 'ask_describe' }) });
      }),

      agentJoined: enqueueActions(({ event, enqueue }) => {
        if (event.type !== 'AGENT_JOINED') return;
        enqueue.assign({ agent: event.agent });
        enqueue.emit({ type: 'reply', intent: { type: 'agent_joined', agent: event.agent } });
      }),

      /** The agent closed the conversation: the bot is back and asks how it went. */
      agentLeft: enqueueActions(({ enqueue }) => {
        enqueue.assign({ agent: undefined, rateFor: 'agent', prompt: { type: 'csat_ask' } });
        enqueue.emit({ type: 'reply', intent: { type: 'agent_left' } });
        enqueue.emit({ type: 'reply', intent: { type: 'csat_ask' } });
      }),

      /** While a person has the conversation the bot only passes the message on. */
      relayToAgent: enqueueActions(({ event, enqueue }) => {
        enqueue.emit({ type: 'effect', effect: { type: 'relay_to_agent', text: understandingOf(event).text } });
      }),

      handoffTimedOut: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_timeout' } });
      }),

      askLeaveMessage: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', intent: { type: 'ask_leave_message' } });
      }),

      leaveMessage: enqueueActions(({ event, enqueue }) => {
        enqueue.emit({ type: 'effect', effect: { type: 'leave_message', text: understandingOf(event).text } });
        enqueue.emit({ type: 'reply', intent: { type: 'message_left' } });
      }),

      /** The contact-centre platform could not take the conversation: back to the bot. */
      handoffFailed: enqueueActions(({ context, enqueue }) => {
        enqueue.emit({ type: 'reply', intent: { type: 'handoff_failed' } });
        enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt ?? { type: 'ask_describe' }) });
      }),

      startOver: enqueueActions(({ context, enqueue }) => {
        const fresh = initialContext(model, context.lang);
        enqueue.assign({ ...fresh, langSettled: context.langSettled, greeted: true, prompt: { type: 'ask_describe' } });
        enqueue.emit({ type: 'reply', intent: { type: 'start_over' } });
      }),

      askDescribe: enqueueActions(({ enqueue }) => {
        enqueue.assign({ prompt: { type: 'ask_describe' } });
        enqueue.emit({ type: 'reply', intent: { type: 'ask_describe' } });
      }),

      greetBack: enqueueActions(({ enqueue }) => {
        enqueue.assign({ prompt: { type: 'ask_describe' } });
        enqueue.emit({ type: 'reply', intent: { type: 'greeting_reply' } });
        enqueue.emit({ type: 'reply', intent: { type: 'ask_describe' } });
      }),

      welcomeBack: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', intent: { type: 'resolved_after_end' } });
      }),

      askDeleteData: enqueueActions(({ enqueue }) => {
        enqueue.assign({ pending: { kind: 'delete_data' } });
        enqueue.emit({ type: 'reply', intent: { type: 'delete_data_confirm' } });
      }),
      deleteData: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', intent: { type: 'delete_data_done' } });
        enqueue.emit({ type: 'effect', effect: { type: 'delete_conversation_data' } });
      }),
      keepData: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ pending: undefined });
        enqueue.emit({ type: 'reply', intent: { type: 'delete_data_kept' } });
        enqueue.emit({ type: 'reply', intent: promptIntent(context.prompt ?? { type: 'ask_describe' }) });
      }),

      reply: enqueueActions(({ enqueue }, params: { intent: ReplyIntent['type'] }) => {
        enqueue.emit({ type: 'reply', intent: { type: params.intent } as ReplyIntent });
      }),
    },
  }).createMachine({
    id: 'troubleshooting',
    context: initialContext(model),
    initial: 'welcome',
    on: {
      NOTE: { actions: 'absorb' },
      USER: [
        ...PREAMBLE,
        // What can be said at any moment.
        { guard: 'isHuman', target: '.handoff', actions: 'startHandoff' },
        { guard: 'isLeaveMessage', target: '.handoff', actions: 'startHandoff' },
        // The same message answered the open question ("别的app都能用，会丢聊天记录吗？"): the FAQ, then the next question.
        { guard: and(['isFaq', 'openQuestionAnswered']), target: '.diagnosing', actions: { type: 'answerFaq', params: { resume: false } } },
        // "对，会丢聊天记录吗？": the yes answers the question, the FAQ is answered, the next question follows.
        {
          guard: and(['isFaq', 'resumeAsking', 'opensWithAnswer']),
          target: '.diagnosing',
          actions: ['answerAsked', { type: 'answerFaq', params: { resume: false } }],
        },
        { guard: 'isFaq', actions: { type: 'answerFaq', params: { resume: true } } },
        { guard: 'isStartOver', target: '.triage', actions: 'startOver' },
        { guard: 'isGoodbye', target: '.ended', actions: { type: 'reply', params: { intent: 'goodbye_reply' } } },
        { guard: 'isDeleteData', actions: 'askDeleteData' },
        { guard: 'isGreeting', actions: [{ type: 'reply', params: { intent: 'greeting_reply' } }, 'reprompt'] },
        { guard: 'isThanks', actions: [{ type: 'reply', params: { intent: 'thanks_reply' } }, 'reprompt'] },
        { guard: 'isOutOfScope', actions: [{ type: 'reply', params: { intent: 'out_of_scope' } }, 'reprompt'] },
        // Understood, but not what this moment asks for: ask again.
        { actions: 'reprompt' },
      ],
    },
    states: {
      welcome: {
        on: {
          START: { actions: 'greet' },
          USER: [
            { guard: 'plausibleProblemReport', target: 'diagnosing', actions: 'startDiagnosis' },
            ...PREAMBLE,
            { guard: 'describesProblem', target: 'diagnosing', actions: 'startDiagnosis' },
            // The welcome just sent already invites a description: say nothing more.
            { guard: and(['isGreeting', 'justWelcomed']), target: 'triage' },
            { guard: 'isGreeting', target: 'triage', actions: 'greetBack' },
            { guard: 'cannotDescribe', target: 'diagnosing', actions: 'startDiagnosis' },
            { guard: 'isBareAnswer', target: 'triage', actions: 'askDescribe' },
          ],
        },
      },
      triage: {
        on: {
          USER: [
            { guard: 'plausibleProblemReport', target: 'diagnosing', actions: 'startDiagnosis' },
            ...PREAMBLE,
            { guard: 'describesProblem', target: 'diagnosing', actions: 'startDiagnosis' },
            { guard: 'isGreeting', actions: 'greetBack' },
            { guard: 'cannotDescribe', target: 'diagnosing', actions: 'startDiagnosis' },
            { guard: 'isBareAnswer', actions: 'askDescribe' },
          ],
        },
      },
      diagnosing: {
        initial: 'deciding',
        states: {
          deciding: {
            always: [{ guard: 'hasQuestion', target: 'asking', actions: 'askQuestion' }, { target: '#troubleshooting.fixing' }],
          },
          asking: {
            on: {
              USER: [
                // "我看看" / "one sec": before the fallback ladder, which would ask what so few words mean.
                { guard: 'asksForAMoment', actions: { type: 'reply', params: { intent: 'take_your_time' } } },
                ...PREAMBLE,
                ...WORKS_NOW,
                { guard: 'askedFactAnswered', target: 'deciding' },
                // "换了也不行", "快满了", "怎么看啊": an answer in words that state nothing on their own.
                { guard: 'repliesToAsked', target: 'deciding', actions: ['answerAsked', 'noteStatedFacts'] },
                { guard: 'isBareAnswer', target: 'deciding', actions: 'answerAsked' },
                { guard: 'namesPlatformOnly', actions: ['notePlatform', 'reprompt'] },
                // "对，而且wifi和流量都试过了": the opening "对" answers the question, the rest is noted too.
                { guard: 'leadsWithAnswer', target: 'deciding', actions: ['answerAsked', 'takeHint', 'noteStatedFacts'] },
                // Something else said instead ("重启微信好几次了没用", "我觉得是网络"): noted, and the next question chosen again.
                { guard: 'givesEvidence', target: 'deciding', actions: ['takeHint', 'noteStatedFacts'] },
              ],
            },
          },
        },
      },
      fixing: {
        initial: 'choosing',
        states: {
          choosing: {
            always: [
              { guard: 'noStepLeft', target: 'exhausted', actions: 'offerHumanExhausted' },
              { guard: 'stepNeedsPlatform', target: 'platform', actions: 'askPlatform' },
              { target: 'step', actions: 'presentStep' },
            ],
          },
          platform: {
            on: {
              USER: [
                ...PREAMBLE,
                ...WORKS_NOW,
                { guard: 'platformKnown', target: 'choosing' },
                { guard: 'isDontKnow', target: 'choosing', actions: 'platformUnknown' },
                // "账号被限制了" instead of a device: noted, and the plan made again (it may no longer need the device).
                { guard: 'statesFacts', target: 'choosing', actions: { type: 'reply', params: { intent: 'answer_noted' } } },
              ],
            },
          },
          step: {
            on: {
              USER: [
                // "我试试" / "let me try": before the fallback ladder ("did you mean start over?").
                { guard: 'asksForAMoment', actions: { type: 'reply', params: { intent: 'take_your_time' } } },
                ...PREAMBLE,
                // "试了": done, but did it work? Asked, rather than taken as a failure.
                { guard: 'saysTriedOnly', actions: { type: 'reply', params: { intent: 'ask_outcome' } } },
                // "安卓" while a step is open: noted, and the step shown again for that platform (not "it worked").
                { guard: 'namesPlatformOnly', target: 'choosing', actions: 'notePlatform' },
                { guard: 'isAffirm', target: '#troubleshooting.resolved.rating', actions: 'stepWorked' },
                { guard: 'thanksForAFix', target: '#troubleshooting.resolved.rating', actions: 'stepWorked' },
                { guard: 'reportsStillBroken', target: 'choosing', actions: 'stepFailed' },
                // "不行，我也没开VPN" / "可以了，原来是VPN": the opening word says how the step went.
                { guard: 'leadsWithNo', target: 'choosing', actions: 'stepFailed' },
                { guard: 'leadsWithYes', target: '#troubleshooting.resolved.rating', actions: 'stepWorked' },
                // "我没开vpn" while a step is open: noted, and the plan made again without counting the step
                // as failed: the same step, unless what was said rules it out or puts another ahead.
                { guard: 'statesFacts', target: 'choosing', actions: { type: 'reply', params: { intent: 'answer_noted' } } },
                { guard: 'isDontKnow', actions: 'reprompt' },
              ],
            },
          },
          exhausted: {},
        },
      },
      resolved: {
        initial: 'more',
        states: {
          /** "How satisfied are you, 1–5?" after the bot or an agent solved it; skipping is fine. */
          rating: {
            on: {
              USER: [
                { guard: 'givesRating', target: 'more', actions: 'recordRating' },
                ...BROKE_AGAIN,
                ...PREAMBLE,
                { guard: 'isDeny', target: 'more', actions: 'skipRating' },
                { guard: 'isCancel', target: 'more', actions: 'skipRating' },
                { guard: 'describesProblem', target: '#troubleshooting.diagnosing', actions: 'startDiagnosis' },
              ],
            },
          },
          /** "Anything else?" */
          more: {
            on: {
              USER: [
                ...BROKE_AGAIN,
                ...PREAMBLE,
                { guard: 'isAffirm', target: '#troubleshooting.triage', actions: 'askDescribe' },
                // "No" or "no need" to "anything else?" closes the conversation politely.
                { guard: 'isDeny', target: '#troubleshooting.ended', actions: { type: 'reply', params: { intent: 'goodbye_reply' } } },
                { guard: 'isCancel', target: '#troubleshooting.ended', actions: { type: 'reply', params: { intent: 'goodbye_reply' } } },
                { guard: 'describesProblem', target: '#troubleshooting.diagnosing', actions: 'startDiagnosis' },
              ],
            },
          },
        },
      },
      /**
       * A person is wanted. The shell queues the conversation (or hands it to the contact-centre
       * platform) and sends the agent's side as events; the user's messages are not interpreted,
       * except "cancel", which always brings the bot back.
       */
      handoff: {
        initial: 'waiting',
        on: {
          AGENT_JOINED: { target: '.connected', actions: 'agentJoined' },
          AGENT_LEFT: { target: '#troubleshooting.resolved.rating', actions: 'agentLeft' },
          HANDOFF_FAILED: { target: '#troubleshooting.resume', actions: 'handoffFailed' },
        },
        states: {
          waiting: {
            on: {
              HANDOFF_TIMEOUT: { target: 'timedOut', actions: 'handoffTimedOut' },
              USER: IN_QUEUE,
            },
          },
          /** Nobody took it in time: carry on with the bot ("cancel"), leave a message, or keep waiting. */
          timedOut: {
            on: {
              USER: IN_QUEUE,
            },
          },
          /** The next message is the one left for staff; the conversation stays in the queue. */
          message: {
            on: {
              USER: [
                { guard: 'isCancel', actions: 'cancelHandoff', target: '#troubleshooting.resume' },
                { target: 'waiting', actions: 'leaveMessage' },
              ],
            },
          },
          connected: {
            on: {
              USER: [{ guard: 'isCancel', actions: 'cancelHandoff', target: '#troubleshooting.resume' }, { actions: 'relayToAgent' }],
            },
          },
        },
      },
      /** Back to where the conversation was before the handoff, by what the bot was waiting for. */
      resume: {
        always: [
          { guard: 'resumeAsking', target: 'diagnosing.asking' },
          { guard: 'resumePlatform', target: 'fixing.platform' },
          { guard: 'resumeStep', target: 'fixing.step' },
          {
            guard: 'resumeExhausted',
            target: 'fixing.exhausted',
            actions: assign({ pending: { kind: 'offer_human', reason: 'exhausted' } as Pending }),
          },
          { guard: 'resumeResolved', target: 'resolved.more' },
          { guard: 'resumeRating', target: 'resolved.rating' },
          { target: 'triage' },
        ],
      },
      ended: {
        // Nothing is being asked any more: a later "不确定" or FAQ must not bring back the old question,
        // which nothing in this state would take as answered.
        entry: 'forgetPrompt',
        on: {
          USER: [
            ...PREAMBLE,
            { guard: 'describesProblem', target: 'diagnosing', actions: ['welcomeBack', 'startDiagnosis'] },
            { guard: 'isGreeting', target: 'triage', actions: ['welcomeBack'] },
            // A closing "thanks" or "bye" needs only a closing answer, not the last question again.
            { guard: 'isThanks', actions: { type: 'reply', params: { intent: 'thanks_reply' } } },
            { guard: 'isGoodbye', actions: { type: 'reply', params: { intent: 'goodbye_reply' } } },
          ],
        },
      },
    },
  });
}

export type TroubleshootingMachine = ReturnType<typeof createTroubleshootingMachine>;
export type TroubleshootingActor = ActorRefFrom<TroubleshootingMachine>;
export type TroubleshootingSnapshot = SnapshotFrom<TroubleshootingMachine>;

/** The trace's `state`: the top-level state, then the substate if any ("fixing.step"). */
export function stateName(value: TroubleshootingSnapshot['value']): string {
  if (typeof value === 'string') return value;
  const [top, sub] = Object.entries(value)[0] as [string, unknown];
  return sub === undefined ? top : `${top}.${stateName(sub as TroubleshootingSnapshot['value'])}`;
}
