/**
 * k-fold cross-validation of the intent classifier over labelled phrases, with the per-label
 * precision / recall / F1 and the confusions a maintainer needs to improve the training data.
 */
import { readJsonLines } from './json-lines';
import { LABELS, type Label } from '../../dialogs/types';
import { IntentClassifier, calibrate, type Example, type LogScore } from './intent-classifier';
import type { Features } from './segmenter';

export interface Prediction {
  text: string;
  expected: Label;
  predicted: Label | undefined;
  confidence: number;
  /** The classifier's log-scores, kept to fit the calibration temperature. */
  scores: LogScore[];
}

export interface LabelScore {
  label: Label;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  predictions: Prediction[];
  accuracy: number;
  correct: number;
  total: number;
  labels: LabelScore[];
  confusions: { expected: Label; predicted: Label | undefined; count: number }[];
  errors: Prediction[];
}

/**
 * Deterministic fold assignment that does not depend on the order phrases are written in: each
 * label's phrases are ordered by a hash of their text, then dealt round the folds. (Dealing in file
 * order would put neighbouring near-duplicates in different folds and flatter the score.) A
 * different `seed` deals different folds.
 */
export function folds(examples: Example[], k: number, seed = 0): Example[][] {
  const hash = (text: string) => {
    let h = (2166136261 ^ Math.imul(seed, 2654435761)) >>> 0;
    for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    return h >>> 0;
  };
  const out: Example[][] = Array.from({ length: k }, () => []);
  const byLabel = new Map<Label, Example[]>();
  for (const e of examples) {
    const group = byLabel.get(e.label) ?? [];
    group.push(e);
    byLabel.set(e.label, group);
  }
  for (const list of byLabel.values()) {
    [...list].sort((a, b) => hash(a.text) - hash(b.text) || a.text.localeCompare(b.text)).forEach((e, i) => out[i % k].push(e));
  }
  return out;
}

export function score(predictions: Prediction[]): EvaluationReport {
  const labels = [...new Set(predictions.map((p) => p.expected))];
  const correct = predictions.filter((p) => p.predicted === p.expected).length;
  const scores = labels.map((label) => {
    const tp = predictions.filter((p) => p.expected === label && p.predicted === label).length;
    const support = predictions.filter((p) => p.expected === label).length;
    const predicted = predictions.filter((p) => p.predicted === label).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, support, precision, recall, f1 };
  });
  const pairs = new Map<string, { expected: Label; predicted: Label | undefined; count: number }>();
  for (const p of predictions.filter((x) => x.predicted !== x.expected)) {
    const key = `${p.expected}→${p.predicted}`;
    const entry = pairs.get(key) ?? { expected: p.expected, predicted: p.predicted, count: 0 };
    entry.count++;
    pairs.set(key, entry);
  }
  return {
    predictions,
    accuracy: predictions.length ? correct / predictions.length : 0,
    correct,
    total: predictions.length,
    labels: scores,
    confusions: [...pairs.values()].sort((a, b) => b.count - a.count),
    errors: predictions.filter((p) => p.predicted !== p.expected),
  };
}

export function predict(classifier: IntentClassifier, examples: Example[]): Prediction[] {
  return examples.map((e) => {
    const scores = classifier.scores(e.text);
    const top = calibrate(scores, classifier.temperature)[0];
    return { text: e.text, expected: e.label, predicted: top?.label, confidence: top?.probability ?? 0, scores };
  });
}

/** Mean negative log-likelihood of the right labels at a temperature (unreadable messages count as 1/n). */
export function logLoss(predictions: Prediction[], temperature: number, labels: number): number {
  const floor = 1e-6;
  const total = predictions.reduce((sum, p) => {
    const probability = p.scores.length
      ? (calibrate(p.scores, temperature).find((s) => s.label === p.expected)?.probability ?? 0)
      : 1 / labels;
    return sum - Math.log(Math.max(probability, floor));
  }, 0);
  return total / Math.max(predictions.length, 1);
}

/** The temperature (from a fixed grid) that makes held-out confidences most honest. */
export function fitTemperature(predictions: Prediction[], labels: number): { temperature: number; logLoss: number } {
  const grid = [1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 16];
  return grid.map((t) => ({ temperature: t, logLoss: logLoss(predictions, t, labels) })).reduce((a, b) => (b.logLoss < a.logLoss ? b : a));
}

/**
 * k-fold cross-validation, repeated over `repeats` different fold deals: which phrases share a fold
 * moves one deal's accuracy by about ±0.01, so the figure to steer by is the mean over several.
 * Every phrase is predicted once per repeat; the report pools all predictions.
 */
export function crossValidate(segmenter: Features, examples: Example[], k = 5, temperature = 1, repeats = 1): EvaluationReport {
  // Every phrase is segmented once rather than once per fold and deal.
  const cache = new Map<string, string[]>();
  const cached: Features = {
    features: (text) => {
      let f = cache.get(text);
      if (!f) cache.set(text, (f = segmenter.features(text)));
      return f;
    },
  };
  const predictions = Array.from({ length: repeats }, (_, seed) => {
    const parts = folds(examples, k, seed);
    return parts.flatMap((test, i) => {
      const train = parts.filter((_, j) => j !== i).flat();
      return predict(new IntentClassifier(cached, train, temperature), test);
    });
  }).flat();
  return score(predictions);
}

/** Labelled phrases from a file of `{"text": "...", "label": "..."}` lines, with the line of any bad one. */
export function readLabelledLines(file: string): Example[] {
  return readJsonLines(file).map(({ row, where }) => {
    const { text, label } = (row ?? {}) as { text?: unknown; label?: unknown };
    if (typeof text !== 'string' || !LABELS.includes(label as Label)) {
      throw new Error(`${where}: expected {"text": string, "label": one of ${LABELS.join(' ')}}`);
    }
    return { text, label: label as Label };
  });
}
