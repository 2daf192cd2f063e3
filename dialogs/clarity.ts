/** Whether a message was understood well enough to act on: the one rule the fallback ladder uses. */
import type { DialogSettings, Understanding } from './types';

export function isClear(u: Understanding, s: DialogSettings): boolean {
  if (Object.keys(u.facts).length > 0 || u.platform) return true;
  const margin = u.confidence - (u.runnerUp?.confidence ?? 0);
  return u.confidence >= s.acceptConfidence && margin >= s.minMargin;
}

/** A guess worth confirming: confident enough, and not a bare yes/no that "did you mean yes?" would only confuse. */
export function isConfirmableGuess(u: Understanding, s: DialogSettings): boolean {
  return u.confidence >= s.guessConfidence && !['affirm', 'deny', 'dont_know', 'out_of_scope'].includes(u.label);
}
