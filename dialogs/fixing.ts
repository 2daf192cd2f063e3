/**
 * Which fix step comes next. Steps of one cause go simplest first; after each failure the belief is
 * updated, and the walk stays with the current cause only while it is still the most probable one
 * with steps left. Otherwise the next step is the first untried one of the cause that now leads
 * (coming back to a cause later resumes it where it stopped). Steps the user's answers rule out
 * ("turn off the VPN" for someone without one) are skipped. Pure functions.
 */
import { CAUSES, type Answer, type Cause, type DialogModel, type FactId } from './types';
import type { Distribution } from './diagnosis';

export interface FixProgress {
  /** The cause whose step was presented last. */
  cause?: Cause;
  /** The cause last announced to the user ("the most likely cause is …"), so it is said once. */
  announced?: Cause;
  /** Every step presented and answered, in order: which causes were started, and how far. */
  tried: { cause: Cause; stepId: string; worked: boolean }[];
  /** The one step a cause never started gets before a person takes over has been presented. */
  covered?: boolean;
}

export const NO_FIX_PROGRESS: FixProgress = { tried: [] };

export interface PlannedStep {
  cause: Cause;
  stepId: string;
  platformSpecific: boolean;
  /** True when this step switches to a cause other than the last one (announce it). */
  newCause: boolean;
  /** The first cause of all. */
  first: boolean;
  /** Coming back to a cause whose steps were started earlier. */
  resumed: boolean;
  /** The last check before a person takes over: a sub-cause no step tried so far could remedy. */
  last: boolean;
  /** With `last`, that sub-cause. */
  subcause?: string;
}

type Step = DialogModel['steps'][Cause][number];

/** Whether a step can remedy a sub-cause of its cause: a step that lists no `fixes` remedies them all. */
export function remedies(step: { fixes?: readonly string[] }, subcause: string): boolean {
  return !step.fixes || step.fixes.includes(subcause);
}

function ruledOut(step: Step, answers: Partial<Record<FactId, Answer>>): boolean {
  return Object.entries(step.skipWhen ?? {}).some(([fact, answer]) => answers[fact as FactId] === answer);
}

/** The cause's steps not yet tried and not ruled out, in order. */
function stepsLeft(model: DialogModel, cause: Cause, fix: FixProgress, answers: Partial<Record<FactId, Answer>>): Step[] {
  const tried = new Set(fix.tried.filter((t) => t.cause === cause).map((t) => t.stepId));
  return model.steps[cause].filter((s) => !tried.has(s.id) && !ruledOut(s, answers));
}

/**
 * The step to take within a cause: the simplest untried one whose chance of remedying what the
 * belief points at (the probability of the sub-causes it fixes) is at least `stepChanceRatio` of
 * the best step's. Simplest first, as the guide says, but not a step for a sub-cause the answers
 * have all but ruled out. Without a sub-cause belief, simply the simplest.
 */
function pickStep(model: DialogModel, cause: Cause, steps: Step[], subs: Record<string, number> | undefined): Step {
  if (!subs) return steps[0];
  const own = (model.subcauses?.[cause] ?? []).map((s) => s.id);
  const chance = (s: Step) => own.reduce((sum, id) => sum + (remedies(s, id) ? (subs[id] ?? 0) : 0), 0);
  const best = Math.max(...steps.map(chance));
  const ratio = model.settings.stepChanceRatio;
  return steps.find((s) => chance(s) >= ratio * best - 1e-12) ?? steps[0];
}

export function nextStep(
  model: DialogModel,
  p: Distribution,
  fix: FixProgress,
  answers: Partial<Record<FactId, Answer>> = {},
  subs?: Record<string, number>,
): PlannedStep | undefined {
  const first = fix.tried.length === 0 && fix.cause === undefined;
  const withSteps = CAUSES.filter((c) => stepsLeft(model, c, fix, answers).length > 0);
  // The current cause stays a candidate however improbable (unless it was that last check); others
  // must be plausible (except at the very start, when the most probable cause goes first whatever its share).
  const plausible = withSteps.filter((c) => first || (c === fix.cause && !fix.covered) || p[c] >= model.settings.plausibleMin);
  const planned = (cause: Cause, step: Step, check?: { subcause?: string }): PlannedStep => ({
    cause,
    stepId: step.id,
    platformSpecific: step.platformSpecific,
    newCause: cause !== fix.cause,
    first,
    resumed: cause !== fix.cause && fix.tried.some((t) => t.cause === cause),
    last: check !== undefined,
    ...(check?.subcause ? { subcause: check.subcause } : {}),
  });
  // A person takes over after `maxSteps` failed fixes, or sooner when no plausible cause has steps
  // left; but first one last check (below), once.
  if (fix.tried.length >= model.settings.maxSteps || plausible.length === 0) {
    if (fix.covered) return undefined;
    const check = lastCheck(model, p, fix, answers, subs);
    return check && planned(check.cause, check.step, check);
  }
  // Ties keep the current cause: switching needs a cause that is strictly more probable.
  const cause = plausible.reduce(
    (best, c) => (p[c] > p[best] ? c : best),
    fix.cause && plausible.includes(fix.cause) ? fix.cause : plausible[0],
  );
  return planned(cause, pickStep(model, cause, stepsLeft(model, cause, fix, answers), subs));
}

/**
 * The last check before a person takes over: the likeliest sub-cause, at least `coverMin`, that no
 * step tried so far could have remedied, with the simplest untried step that can. A phone
 * firewall, which the answers cannot tell from an app fault, was otherwise never checked, also when
 * its cause had been started with a step for another of its sub-causes (turning a VPN off). Without
 * a sub-cause belief each cause counts as one.
 */
function lastCheck(
  model: DialogModel,
  p: Distribution,
  fix: FixProgress,
  answers: Partial<Record<FactId, Answer>>,
  subs: Record<string, number> | undefined,
): { cause: Cause; step: Step; subcause?: string } | undefined {
  let best: { cause: Cause; step: Step; subcause?: string; p: number } | undefined;
  for (const cause of CAUSES) {
    const tried = fix.tried.filter((t) => t.cause === cause).map((t) => model.steps[cause].find((s) => s.id === t.stepId));
    const left = stepsLeft(model, cause, fix, answers);
    const units = subs ? (model.subcauses?.[cause] ?? []).map((s) => ({ id: s.id, p: subs[s.id] ?? 0 })) : [];
    for (const unit of units.length ? units : [{ id: undefined, p: p[cause] }]) {
      const remedied = (s: Step | undefined) => s !== undefined && (unit.id === undefined || remedies(s, unit.id));
      if (unit.p < model.settings.coverMin || tried.some(remedied) || (best && unit.p <= best.p)) continue;
      const step = left.find(remedied);
      if (step) best = { cause, step, p: unit.p, ...(unit.id ? { subcause: unit.id } : {}) };
    }
  }
  return best;
}

/** The progress after presenting a planned step. */
export function advanceTo(fix: FixProgress, planned: PlannedStep): FixProgress {
  return { ...fix, cause: planned.cause, ...(planned.last ? { covered: true } : {}) };
}
