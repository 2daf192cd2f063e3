/** Builds Understanding values for machine tests, as the recognizer would produce them. */
import {
  CAUSES,
  isCause,
  type Cause,
  type FactId,
  type Label,
  type Platform,
  type StatedAnswer,
  type Understanding,
} from '../../dialogs/types';

export function said(
  label: Label,
  options: {
    confidence?: number;
    facts?: Partial<Record<FactId, StatedAnswer>>;
    platform?: Platform;
    lang?: 'zh' | 'en';
    sentence?: boolean;
    text?: string;
    runnerUp?: Understanding['runnerUp'];
    rating?: number;
    saysWorked?: boolean;
    saysStillBroken?: boolean;
    button?: Understanding['button'];
  } = {},
): Understanding {
  const causeScores = Object.fromEntries(CAUSES.map((c) => [c, isCause(label) ? (c === label ? 1 : 0) : 0.2])) as Record<Cause, number>;
  return {
    label,
    confidence: options.confidence ?? 0.95,
    runnerUp: options.runnerUp,
    causeScores,
    causeMass: isCause(label) ? 0.95 : 0,
    facts: options.facts ?? {},
    platform: options.platform,
    lang: options.lang ?? 'zh',
    sentence: options.sentence ?? false,
    text: options.text ?? label,
    rating: options.rating,
    saysWorked: options.saysWorked,
    saysStillBroken: options.saysStillBroken,
    button: options.button,
  };
}
