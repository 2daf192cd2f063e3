/**
 * The diagnosis as numbers. The belief is over the guide's sub-causes (a weak signal, a frozen
 * account, a VPN …), because that is what answers are evidence about: a user with a VPN on and no
 * security app points at one security sub-cause, which a per-cause model would read as a
 * contradiction. Each answer updates the sub-causes by Bayes' rule; what the bot decides on (and
 * the trace shows) is their sum per cause. The next question is the one with the best expected
 * information gain about the cause. Pure functions, no state.
 */
import { remedies } from './fixing';
import {
  CAUSES,
  type Answer,
  type AnswerLikelihood,
  type Cause,
  type ChoiceOption,
  type DialogModel,
  type FactId,
  type Platform,
  type StatedAnswer,
  type Understanding,
} from './types';

export type Distribution = Record<Cause, number>;

export function normalize(weights: Distribution): Distribution {
  const total = CAUSES.reduce((sum, c) => sum + Math.max(weights[c], 0), 0);
  const out = {} as Distribution;
  for (const c of CAUSES) out[c] = total > 0 ? Math.max(weights[c], 0) / total : 1 / CAUSES.length;
  return out;
}

/** Shannon entropy in bits. */
export function entropy(p: Distribution): number {
  let h = 0;
  for (const c of CAUSES) if (p[c] > 0) h -= p[c] * Math.log2(p[c]);
  return h;
}

/** The five causes, most probable first (ties keep the canonical order, so the result is stable). */
export function ranking(p: Distribution): { category: Cause; probability: number }[] {
  return CAUSES.map((c) => ({ category: c, probability: p[c] })).sort((a, b) => b.probability - a.probability);
}

/**
 * The prior for a new diagnosis: the base rates, moved toward what the opening message hints at.
 * A message with no hint (all mass on "unspecified") leaves the base rates as they are. The
 * classifier is often sure of a cause from a few words; `hintCap` keeps one message from making
 * any cause more probable than that, so an answer is heard before a fix is chosen on wording alone.
 */
export function hintedPrior(model: DialogModel, u: Pick<Understanding, 'causeScores' | 'causeMass'>): Distribution {
  const { hintWeight, hintCap } = model.settings;
  const hint = softenedHint(model, u);
  let w = hintWeight * Math.min(Math.max(u.causeMass, 0), 1);
  // The mix is linear in w: the largest w at which no cause passes the cap (base rates are below it).
  for (const c of CAUSES) {
    const reach = model.priors[c] + w * (hint[c] - model.priors[c]);
    if (reach > hintCap && hint[c] > model.priors[c]) w = (hintCap - model.priors[c]) / (hint[c] - model.priors[c]);
  }
  const out = {} as Distribution;
  for (const c of CAUSES) out[c] = (1 - w) * model.priors[c] + w * hint[c];
  return normalize(out);
}

/** The classifier's split between causes, softened by `hintTemperature`. */
function softenedHint(model: DialogModel, u: Pick<Understanding, 'causeScores'>): Distribution {
  const softened = {} as Distribution;
  for (const c of CAUSES) softened[c] = Math.pow(Math.max(u.causeScores[c], 0), 1 / model.settings.hintTemperature);
  return normalize(softened);
}

/** Sub-cause id → its share of its cause's probability. */
export type Shares = Partial<Record<string, number>>;

/**
 * The sub-causes' shares within their causes, moved from the base shares toward what the words
 * hint at within each cause, as far as they hint at that cause at all (`subHintWeight` × the
 * cause's part of the hint × how much the words behind the split speak of a cause at all):
 * "孩子的微信晚上连不上" raises teen mode among the account sub-causes, and says nothing about how a
 * VPN compares with a firewall. Undefined when the words give no split.
 */
export function hintedShares(
  model: DialogModel,
  u: Pick<Understanding, 'causeScores' | 'causeMass' | 'subScores' | 'subMass'>,
): Shares | undefined {
  const { subHintWeight } = model.settings;
  if (!u.subScores || subHintWeight <= 0) return undefined;
  const hint = softenedHint(model, u);
  const mass = Math.min(Math.max(u.subMass ?? u.causeMass, 0), 1);
  const out: Shares = {};
  for (const s of subsOf(model)) {
    const split = u.subScores[s.id];
    const w = subHintWeight * mass * hint[s.cause];
    out[s.id] = split === undefined ? s.share : (1 - w) * s.share + w * split;
  }
  return out;
}

/** Two sets of shares averaged (a missing one counts as the base shares): a later hint joins an earlier one. */
export function mixShares(model: DialogModel, a: Shares | undefined, b: Shares | undefined): Shares | undefined {
  if (!a && !b) return undefined;
  const out: Shares = {};
  for (const s of subsOf(model)) out[s.id] = ((a?.[s.id] ?? s.share) + (b?.[s.id] ?? s.share)) / 2;
  return out;
}

export interface Evidence {
  prior: Distribution;
  answers: Partial<Record<FactId, Answer>>;
  /**
   * The fix steps that failed, by id: each counts against the sub-causes it remedies
   * (`failFactor`) and only mildly against the rest of its cause (`failOtherFactor`).
   */
  failedSteps: readonly string[];
  platform?: Platform | 'unknown';
  /** The sub-causes' shares within their causes, when the words moved them (hintedShares). */
  shares?: Shares;
}

interface Sub {
  id: string;
  cause: Cause;
  /** Share of its cause's prior. */
  share: number;
  platforms?: readonly Platform[];
}

const subsCache = new WeakMap<DialogModel, Sub[]>();

/** Every sub-cause with its share of the cause; a cause that lists none is one sub-cause of its own. */
function subsOf(model: DialogModel): Sub[] {
  let subs = subsCache.get(model);
  if (!subs) {
    subs = CAUSES.flatMap((cause) => {
      const listed = model.subcauses?.[cause] ?? [];
      if (listed.length === 0) return [{ id: cause as string, cause, share: 1 } as Sub];
      const total = listed.reduce((sum, s) => sum + s.weight, 0);
      return listed.map((s): Sub => ({ id: s.id, cause, share: s.weight / total, platforms: s.platforms }));
    });
    subsCache.set(model, subs);
  }
  return subs;
}

/** One answer a fact can get, with P(that answer | sub-cause) for each sub-cause (aligned with subsOf). */
interface Outcome {
  answer: StatedAnswer;
  l: number[];
}

const outcomesCache = new WeakMap<DialogModel, Map<FactId, Outcome[]>>();

/**
 * The answers a fact can get and their likelihoods per sub-cause: a sub-cause's own value where the
 * fact names it, else its cause's. Yes / no: P(yes) and its complement. A choice fact: each option's
 * value, normalised over the options so that a sub-cause's answers sum to 1.
 */
function outcomes(model: DialogModel, fact: FactId): Outcome[] {
  let byFact = outcomesCache.get(model);
  if (!byFact) outcomesCache.set(model, (byFact = new Map()));
  let out = byFact.get(fact);
  if (!out) {
    const subs = subsOf(model);
    const spec = model.facts[fact];
    const of = (a: AnswerLikelihood) => subs.map((s) => a.bySubcause?.[s.id] ?? a.likelihood[s.cause]);
    if ('options' in spec) {
      const raw = (Object.entries(spec.options) as [ChoiceOption, AnswerLikelihood][]).map(([answer, a]) => ({ answer, l: of(a) }));
      const totals = subs.map((_, i) => raw.reduce((sum, o) => sum + o.l[i], 0));
      out = raw.map((o) => ({ answer: o.answer, l: o.l.map((x, i) => (totals[i] > 0 ? x / totals[i] : 1 / raw.length)) }));
    } else {
      const yes = of(spec);
      out = [
        { answer: 'yes', l: yes },
        { answer: 'no', l: yes.map((x) => 1 - x) },
      ];
    }
    byFact.set(fact, out);
  }
  return out;
}

/**
 * How possible a sub-cause is on the user's platform: 1 where it can happen; a small floor where it
 * cannot (a misread platform must not rule a cause out for good); and, before the user has said,
 * the share of users on the platforms where it can happen.
 */
function platformFactor(model: DialogModel, sub: Sub, platform: Platform | 'unknown' | undefined): number {
  if (!sub.platforms) return 1;
  const { share, mismatch } = model.platform;
  if (!platform || platform === 'unknown') return sub.platforms.reduce((sum, p) => sum + share[p], 0);
  return sub.platforms.includes(platform) ? 1 : mismatch;
}

function stepById(model: DialogModel, stepId: string): { cause: Cause; step: DialogModel['steps'][Cause][number] } | undefined {
  for (const cause of CAUSES) {
    const step = model.steps[cause].find((s) => s.id === stepId);
    if (step) return { cause, step };
  }
  return undefined;
}

function normalized(q: number[]): number[] {
  const total = q.reduce((a, b) => a + b, 0);
  return total > 0 ? q.map((x) => x / total) : q.map(() => 1 / q.length);
}

/** The belief over sub-causes, aligned with subsOf(model). */
function subBelief(model: DialogModel, e: Evidence): number[] {
  const subs = subsOf(model);
  let q = subs.map((s) => e.prior[s.cause] * (e.shares?.[s.id] ?? s.share) * platformFactor(model, s, e.platform));
  for (const stepId of e.failedSteps) {
    const found = stepById(model, stepId);
    if (!found) continue;
    q = q.map((x, i) => {
      if (subs[i].cause !== found.cause) return x;
      return x * (remedies(found.step, subs[i].id) ? model.settings.failFactor : model.settings.failOtherFactor);
    });
  }
  for (const [fact, answer] of Object.entries(e.answers) as [FactId, Answer][]) {
    // "don't know" carries no evidence (nor does an answer the fact cannot have)
    const l = outcomes(model, fact).find((o) => o.answer === answer)?.l;
    if (l) q = q.map((x, i) => x * l[i]);
  }
  return normalized(q);
}

function causesOf(model: DialogModel, q: number[]): Distribution {
  const out = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Distribution;
  subsOf(model).forEach((s, i) => (out[s.cause] += q[i]));
  return out;
}

/** The current belief per cause: the prior, every answer, the platform and every failed fix step taken into account. */
export function posterior(model: DialogModel, e: Evidence): Distribution {
  return causesOf(model, subBelief(model, e));
}

/** The same belief per cause, and per sub-cause id (each cause's sub-causes sum to its probability). */
export function posteriors(model: DialogModel, e: Evidence): { causes: Distribution; subcauses: Record<string, number> } {
  const q = subBelief(model, e);
  return { causes: causesOf(model, q), subcauses: Object.fromEntries(subsOf(model).map((s, i) => [s.id, q[i]])) };
}

/** The belief after an answer, and how likely that answer is. */
function afterAnswer(q: number[], l: number[]): { chance: number; q: number[] } {
  const weighted = q.map((x, i) => x * l[i]);
  return { chance: weighted.reduce((a, b) => a + b, 0), q: normalized(weighted) };
}

/** Expected reduction of the entropy over causes (bits) from asking `fact` now. */
export function expectedInformationGain(model: DialogModel, e: Evidence, fact: FactId): number {
  return informationGain(model, subBelief(model, e), outcomes(model, fact));
}

function informationGain(model: DialogModel, q: number[], outs: Outcome[]): number {
  const expected = outs.reduce((sum, o) => {
    const after = afterAnswer(q, o.l);
    return sum + (after.chance > 0 ? after.chance * entropy(causesOf(model, after.q)) : 0);
  }, 0);
  return entropy(causesOf(model, q)) - expected;
}

/**
 * Whether an answer to the fact could change what happens next: a different top cause, or the top
 * cause becoming probable enough to stop asking. A question that cannot is not worth the user's time.
 */
export function couldChangeDecision(model: DialogModel, e: Evidence, fact: FactId): boolean {
  return changesDecision(model, subBelief(model, e), outcomes(model, fact));
}

function changesDecision(model: DialogModel, q: number[], outs: Outcome[]): boolean {
  const top = ranking(causesOf(model, q))[0].category;
  return outs.some((o) => {
    const after = ranking(causesOf(model, afterAnswer(q, o.l).q))[0];
    return after.category !== top || after.probability >= model.settings.stopThreshold;
  });
}

/** Whether a fact's question makes sense on the user's platform; one not yet named counts as a phone. */
export function askableOn(spec: DialogModel['facts'][FactId], platform: Platform | 'unknown' | undefined): boolean {
  if (!spec.platforms) return true;
  const on: Platform[] = platform && platform !== 'unknown' ? [platform] : ['android', 'ios'];
  return on.some((p) => spec.platforms!.includes(p));
}

/** The facts that may still be asked: not asked or stated yet, and making sense on the platform. */
function openFacts(model: DialogModel, e: Evidence, asked: readonly FactId[]): [FactId, DialogModel['facts'][FactId]][] {
  return (Object.entries(model.facts) as [FactId, DialogModel['facts'][FactId]][]).filter(
    ([fact, spec]) => !asked.includes(fact) && e.answers[fact] === undefined && askableOn(spec, e.platform),
  );
}

/**
 * The best fact by information gain over `q`, among the open ones (`openFacts`), whose answer could
 * change the decision (judged on the `full` belief), and whose score reaches `minGain`. A question
 * is scored by its gain times the chance the user can answer it at all ("don't know" gains
 * nothing), per unit of cost.
 */
function bestFact(model: DialogModel, e: Evidence, asked: readonly FactId[], q: number[], full = q): FactId | undefined {
  let best: { fact: FactId; score: number } | undefined;
  for (const [fact, spec] of openFacts(model, e, asked)) {
    const outs = outcomes(model, fact);
    if (!changesDecision(model, full, outs)) continue;
    const score = (spec.answerable * informationGain(model, q, outs)) / spec.cost;
    if (score >= model.settings.minGain && (!best || score > best.score)) best = { fact, score };
  }
  return best?.fact;
}

/**
 * The next fact worth asking, or undefined when the diagnosis should stop: the top cause is
 * probable enough (and no question is likely to overturn it), the question budget is spent, or no
 * remaining question gains enough.
 */
export function nextQuestion(model: DialogModel, e: Evidence, asked: readonly FactId[]): FactId | undefined {
  const { stopThreshold, maxQuestions } = model.settings;
  const q = subBelief(model, e);
  if (asked.length > maxQuestions) return undefined;
  const lead = ranking(causesOf(model, q))[0];
  if (lead.probability >= stopThreshold) return asked.length < maxQuestions ? overturner(model, e, asked, q, lead.category) : undefined;
  if (asked.length === maxQuestions) return tieBreaker(model, e, asked, q);
  return bestFact(model, e, asked, q);
}

/**
 * Before stopping, the question most likely to overturn the top cause, if that chance (the user can
 * answer, and the answer puts another cause on top) reaches `overturnMin`. "The whole family can't
 * connect at home" reads as an outage; a yes to "does another network help?" turns it into the
 * home network, likely enough that steps for the wrong one of the two cost more than the question.
 */
function overturner(model: DialogModel, e: Evidence, asked: readonly FactId[], q: number[], top: Cause): FactId | undefined {
  let best: { fact: FactId; chance: number } | undefined;
  for (const [fact, spec] of openFacts(model, e, asked)) {
    const overturned = outcomes(model, fact).reduce((sum, o) => {
      const after = afterAnswer(q, o.l);
      return sum + (ranking(causesOf(model, after.q))[0].category !== top ? after.chance : 0);
    }, 0);
    const chance = spec.answerable * overturned;
    if (chance >= model.settings.overturnMin && (!best || chance > best.chance)) best = { fact, chance };
  }
  return best?.fact;
}

/**
 * One question past the budget, only when the top two causes are within `tieMargin` of each other:
 * the fact that best tells exactly those two apart (information gain between the two alone). Fix
 * steps for the wrong one of two near-equal causes cost the user more than one more question.
 */
function tieBreaker(model: DialogModel, e: Evidence, asked: readonly FactId[], q: number[]): FactId | undefined {
  const [first, second] = ranking(causesOf(model, q));
  if (first.probability - second.probability >= model.settings.tieMargin) return undefined;
  const subs = subsOf(model);
  const two = normalized(q.map((x, i) => (subs[i].cause === first.category || subs[i].cause === second.category ? x : 0)));
  return bestFact(model, e, asked, two, q);
}
