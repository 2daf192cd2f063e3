/**
 * Which fix step comes next: the current cause's steps in order, then the next most probable
 * cause that still has steps and is still plausible. Pure functions.
 */
import { CAUSES, type Cause, type DialogModel } from './types';
import { type Distribution } from './diagnosis';

export interface FixProgress {
  /** The cause whose steps are being walked, and the index of the next step to present. */
  cause?: Cause;
  stepIndex: number;
  /** Causes whose steps have all been tried. */
  done: Cause[];
  /** The cause last announced to the user ("the most likely cause is …"), so it is said once. */
  announced?: Cause;
  tried: { cause: Cause; stepId: string; worked: boolean }[];
}

export const NO_FIX_PROGRESS: FixProgress = { stepIndex: 0, done: [], tried: [] };

export interface PlannedStep {
  cause: Cause;
  stepIndex: number;
  stepId: string;
  platformSpecific: boolean;
  /** True when this step starts a cause (announce it); `first` when it is the first cause of all. */
  newCause: boolean;
  first: boolean;
}

export function nextStep(model: DialogModel, p: Distribution, fix: FixProgress): PlannedStep | undefined {
  // After this many failed fixes a person should take over, however many steps remain.
  if (fix.tried.length >= model.settings.maxSteps) return undefined;
  const steps = fix.cause ? model.steps[fix.cause] : [];
  if (fix.cause && fix.stepIndex < steps.length) {
    const step = steps[fix.stepIndex];
    return {
      cause: fix.cause,
      stepIndex: fix.stepIndex,
      stepId: step.id,
      platformSpecific: step.platformSpecific,
      newCause: false,
      first: false,
    };
  }
  const done = fix.cause ? [...fix.done, fix.cause] : fix.done;
  const first = fix.cause === undefined && fix.done.length === 0;
  const candidates = CAUSES.filter((c) => !done.includes(c) && model.steps[c].length > 0)
    .filter((c) => first || p[c] >= model.settings.plausibleMin)
    .sort((a, b) => p[b] - p[a]);
  const cause = candidates[0];
  if (!cause) return undefined;
  const step = model.steps[cause][0];
  return { cause, stepIndex: 0, stepId: step.id, platformSpecific: step.platformSpecific, newCause: true, first };
}

/** The progress after presenting a planned step (a cause switch closes the previous cause). */
export function advanceTo(fix: FixProgress, planned: PlannedStep): FixProgress {
  if (!planned.newCause) return fix;
  return { ...fix, cause: planned.cause, stepIndex: 0, done: fix.cause ? [...fix.done, fix.cause] : fix.done };
}
