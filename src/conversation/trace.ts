/**
 * The `troubleshooting` trace every turn sends (the Emulator shows it; tests and benchmarks read it):
 * { state, intent, ranking, questionId?, category?, stepId?, handoff? }.
 */
import type { Activity } from 'botbuilder';
import type { Cause, Label, ReplyIntent } from '../../dialogs/types';

export interface TroubleshootingTrace {
  state: string;
  intent: { label: Label; confidence: number };
  ranking: { category: Cause; probability: number }[];
  questionId?: string;
  category?: Cause;
  stepId?: string;
  handoff?: true;
}

export function traceValue(
  state: string,
  intent: { label: Label; confidence: number },
  ranking: { category: Cause; probability: number }[],
  intents: ReplyIntent[],
): TroubleshootingTrace {
  const value: TroubleshootingTrace = {
    state,
    intent: { label: intent.label, confidence: Math.round(intent.confidence * 1e4) / 1e4 },
    ranking,
  };
  const asked = [...intents].reverse().find((i) => i.type === 'ask');
  if (asked?.type === 'ask') value.questionId = asked.fact;
  const step = [...intents].reverse().find((i) => i.type === 'step');
  if (step?.type === 'step') {
    value.category = step.cause;
    value.stepId = step.stepId;
  }
  if (state === 'handoff' || state.startsWith('handoff.')) value.handoff = true;
  return value;
}

export function traceActivity(value: TroubleshootingTrace): Partial<Activity> {
  return {
    type: 'trace',
    name: 'troubleshooting',
    label: 'Troubleshooting state',
    valueType: 'https://wechat-connect-helper/troubleshooting',
    value,
  };
}
