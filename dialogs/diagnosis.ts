/**
 * The diagnosis as numbers: a probability per cause, updated by Bayes' rule with each answer,
 * and the next question chosen by expected information gain. Pure functions, no state.
 */
import { CAUSES, type Answer, type Cause, type DialogModel, type FactId, type Platform, type Understanding } from './types';

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

/** P(cause | answer) ∝ P(answer | cause) · P(cause). "unknown" carries no evidence. */
export function update(p: Distribution, likelihood: Record<Cause, number>, answer: Answer): Distribution {
  if (answer === 'unknown') return p;
  const out = {} as Distribution;
  for (const c of CAUSES) out[c] = p[c] * (answer === 'yes' ? likelihood[c] : 1 - likelihood[c]);
  return normalize(out);
}

/** Expected reduction of entropy (bits) from asking a yes/no fact. */
export function expectedInformationGain(p: Distribution, likelihood: Record<Cause, number>): number {
  const pYes = CAUSES.reduce((sum, c) => sum + p[c] * likelihood[c], 0);
  const pNo = 1 - pYes;
  let expected = 0;
  if (pYes > 0) expected += pYes * entropy(update(p, likelihood, 'yes'));
  if (pNo > 0) expected += pNo * entropy(update(p, likelihood, 'no'));
  return entropy(p) - expected;
}

/**
 * The prior for a new diagnosis: the base rates, moved toward what the opening message hints at.
 * A message with no hint (all mass on "unspecified") leaves the base rates as they are.
 */
export function hintedPrior(model: DialogModel, u: Pick<Understanding, 'causeScores' | 'causeMass'>): Distribution {
  const w = model.settings.hintWeight * Math.min(Math.max(u.causeMass, 0), 1);
  const softened = {} as Distribution;
  for (const c of CAUSES) softened[c] = Math.pow(Math.max(u.causeScores[c], 0), 1 / model.settings.hintTemperature);
  const hint = normalize(softened);
  const out = {} as Distribution;
  for (const c of CAUSES) out[c] = (1 - w) * model.priors[c] + w * hint[c];
  return normalize(out);
}

export interface Evidence {
  prior: Distribution;
  answers: Partial<Record<FactId, Answer>>;
  failedSteps: Partial<Record<Cause, number>>;
  platform?: Platform | 'unknown';
}

/** The current belief: the prior, every answer, the platform and every failed fix step taken into account. */
export function posterior(model: DialogModel, e: Evidence): Distribution {
  let p = e.prior;
  for (const [fact, answer] of Object.entries(e.answers) as [FactId, Answer][]) {
    p = update(p, model.facts[fact].likelihood, answer);
  }
  const onPlatform = e.platform && e.platform !== 'unknown' ? model.platformEvidence[e.platform] : undefined;
  const weighted = {} as Distribution;
  for (const c of CAUSES) weighted[c] = p[c] * (onPlatform?.[c] ?? 1) * Math.pow(model.settings.failFactor, e.failedSteps[c] ?? 0);
  return normalize(weighted);
}

/** The five causes, most probable first (ties keep the canonical order, so the result is stable). */
export function ranking(p: Distribution): { category: Cause; probability: number }[] {
  return CAUSES.map((c) => ({ category: c, probability: p[c] })).sort((a, b) => b.probability - a.probability);
}

export function topCause(p: Distribution): Cause {
  return ranking(p)[0].category;
}

/**
 * Whether an answer to the fact could change what happens next: a different top cause, or the top
 * cause becoming probable enough to stop asking. A question that cannot is not worth the user's time.
 */
export function couldChangeDecision(p: Distribution, likelihood: Record<Cause, number>, stopThreshold: number): boolean {
  const top = topCause(p);
  return (['yes', 'no'] as const).some((answer) => {
    const after = ranking(update(p, likelihood, answer))[0];
    return after.category !== top || after.probability >= stopThreshold;
  });
}

/** Whether a fact's question makes sense on the user's platform; one not yet named counts as a phone. */
export function askableOn(spec: DialogModel['facts'][FactId], platform: Platform | 'unknown' | undefined): boolean {
  if (!spec.platforms) return true;
  const on: Platform[] = platform && platform !== 'unknown' ? [platform] : ['android', 'ios'];
  return on.some((p) => spec.platforms!.includes(p));
}

export interface Asking {
  asked: readonly FactId[];
  known: Partial<Record<FactId, Answer>>;
  platform?: Platform | 'unknown';
}

/**
 * The best fact by `gain`, among those not asked or stated yet, that make sense on the platform,
 * whose answer could change the decision, and whose score reaches `minGain`. A question is scored
 * by its information gain times the chance the user can answer it at all ("don't know" gains
 * nothing), per unit of cost.
 */
function bestFact(model: DialogModel, p: Distribution, asking: Asking, gain: (likelihood: Record<Cause, number>) => number) {
  let best: { fact: FactId; score: number } | undefined;
  for (const [fact, spec] of Object.entries(model.facts) as [FactId, DialogModel['facts'][FactId]][]) {
    if (asking.asked.includes(fact) || asking.known[fact] !== undefined || !askableOn(spec, asking.platform)) continue;
    if (!couldChangeDecision(p, spec.likelihood, model.settings.stopThreshold)) continue;
    const score = (spec.answerable * gain(spec.likelihood)) / spec.cost;
    if (score >= model.settings.minGain && (!best || score > best.score)) best = { fact, score };
  }
  return best?.fact;
}

/**
 * The next fact worth asking, or undefined when the diagnosis should stop: the top cause is
 * probable enough, the question budget is spent, or no remaining question gains enough.
 */
export function nextQuestion(model: DialogModel, p: Distribution, asking: Asking): FactId | undefined {
  const { stopThreshold, maxQuestions } = model.settings;
  if (ranking(p)[0].probability >= stopThreshold) return undefined;
  if (asking.asked.length > maxQuestions) return undefined;
  if (asking.asked.length === maxQuestions) return tieBreaker(model, p, asking);
  return bestFact(model, p, asking, (likelihood) => expectedInformationGain(p, likelihood));
}

/**
 * One question past the budget, only when the top two causes are within `tieMargin` of each other:
 * the fact that best tells exactly those two apart (information gain between the two alone). Fix
 * steps for the wrong one of two near-equal causes cost the user more than one more question.
 */
export function tieBreaker(model: DialogModel, p: Distribution, asking: Asking): FactId | undefined {
  const [first, second] = ranking(p);
  if (first.probability - second.probability >= model.settings.tieMargin) return undefined;
  const pair = {} as Distribution;
  for (const c of CAUSES) pair[c] = c === first.category || c === second.category ? p[c] : 0;
  const two = normalize(pair);
  return bestFact(model, p, asking, (likelihood) => expectedInformationGain(two, likelihood));
}
