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
  /** The last check before a person takes over: a cause never started, below the plausible share. */
  last: boolean;
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
  // A person takes over after `maxSteps` failed fixes, or sooner when no plausible cause has steps
  // left; but first the likeliest cause never started, if it is at least `coverMin`, gets one step. A
  // phone firewall, which the answers cannot tell from an app fault, would otherwise never be checked.
  const last = !(fix.tried.length < model.settings.maxSteps && plausible.length > 0);
  const candidates = !last
    ? plausible
    : fix.covered
      ? []
      : withSteps.filter((c) => !fix.tried.some((t) => t.cause === c) && p[c] >= model.settings.coverMin);
  if (candidates.length === 0) return undefined;
  // Ties keep the current cause: switching needs a cause that is strictly more probable.
  const cause = candidates.reduce(
    (best, c) => (p[c] > p[best] ? c : best),
    fix.cause && candidates.includes(fix.cause) ? fix.cause : candidates[0],
  );
  const step = pickStep(model, cause, stepsLeft(model, cause, fix, answers), subs);
  return {
    cause,
    stepId: step.id,
    platformSpecific: step.platformSpecific,
    newCause: cause !== fix.cause,
    first,
    resumed: cause !== fix.cause && fix.tried.some((t) => t.cause === cause),
    last,
  };
}

/** The progress after presenting a planned step. */
export function advanceTo(fix: FixProgress, planned: PlannedStep): FixProgress {
  return { ...fix, cause: planned.cause, ...(planned.last ? { covered: true } : {}) };
}
