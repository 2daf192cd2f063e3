/** Whether a message was understood well enough to act on: the one rule the fallback ladder uses. */
import type { DialogSettings, Understanding } from './types';

/** Whether the message states any fact ("没开VPN", "别的app都能用"). */
export function statesFacts(u: Understanding): boolean {
  return Object.keys(u.facts).length > 0;
}

export function isClear(u: Understanding, s: DialogSettings): boolean {
  if (statesFacts(u) || u.platform) return true;
  const margin = u.confidence - (u.runnerUp?.confidence ?? 0);
  return u.confidence >= s.acceptConfidence && margin >= s.minMargin;
}

/** A guess worth confirming: confident enough, and not a bare yes/no that "did you mean yes?" would only confuse. */
export function isConfirmableGuess(u: Understanding, s: DialogSettings): boolean {
  return u.confidence >= s.guessConfidence && !['affirm', 'deny', 'dont_know', 'out_of_scope'].includes(u.label);
}

/**
 * A message that names a platform and says nothing the classifier is sure of ("安卓", "iphone"): clear
 * enough not to ask for a rephrase, but its yes / no reading is a guess and must not end a step. One
 * that opens with a clear yes or no ("nope, same error on my ipad") says more than its platform.
 */
export function namesPlatformOnly(u: Understanding, s: DialogSettings): boolean {
  return u.platform !== undefined && !statesFacts(u) && u.leadingAnswer === undefined && u.confidence < s.acceptConfidence;
}
