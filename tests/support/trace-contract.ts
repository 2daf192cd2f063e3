/** The `troubleshooting` trace contract, checked on every turn the tests see. Returns what is wrong. */
import { CAUSES, FACT_IDS, LABELS } from '../../dialogs/types';

const TOP_STATES = ['welcome', 'triage', 'diagnosing', 'fixing', 'resolved', 'handoff', 'ended'];

export function traceProblems(value: unknown): string[] {
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.state !== 'string' || !TOP_STATES.includes(v.state.split('.')[0])) problems.push(`state ${String(v.state)}`);
  const intent = v.intent as { label?: unknown; confidence?: unknown } | undefined;
  if (!intent || !(LABELS as readonly unknown[]).includes(intent.label)) problems.push(`intent.label ${String(intent?.label)}`);
  if (typeof intent?.confidence !== 'number' || intent.confidence < 0 || intent.confidence > 1) problems.push('intent.confidence');
  const ranking = v.ranking as { category: string; probability: number }[] | undefined;
  if (!Array.isArray(ranking) || ranking.length !== 5) problems.push('ranking must list the five causes');
  else {
    if ([...ranking.map((r) => r.category)].sort().join() !== [...CAUSES].sort().join()) problems.push('ranking categories');
    if (Math.abs(ranking.reduce((s, r) => s + r.probability, 0) - 1) > 1e-6) problems.push('ranking must sum to 1');
    if (ranking.some((r, i) => i > 0 && r.probability > ranking[i - 1].probability)) problems.push('ranking must be high to low');
  }
  if (v.questionId !== undefined && !(FACT_IDS as readonly unknown[]).includes(v.questionId))
    problems.push(`questionId ${String(v.questionId)}`);
  if ((v.category === undefined) !== (v.stepId === undefined)) problems.push('category and stepId come together');
  if (v.handoff !== undefined && v.handoff !== true) problems.push('handoff is true or absent');
  if ((v.handoff === true) !== (typeof v.state === 'string' && v.state.split('.')[0] === 'handoff'))
    problems.push('handoff:true exactly while in handoff');
  return problems;
}
