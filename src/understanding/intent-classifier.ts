/**
 * The intent classifier: natural's naive Bayes and a logistic regression over the segmenter's
 * features, trained once from the training phrases of both languages; their log-scores are added
 * (a product of experts) and normalised into a probability per label. Cross-validated, the pair
 * beats either alone (`npm run eval:nlu`). A message with no word the phrases use is read again
 * with its English typos corrected (spelling.ts): 7 more of 16830 cross-validated readings right,
 * 1 more of the held-out phrases; correcting every unknown word instead, even in messages that
 * are understood, cost 4.
 */
import { BayesClassifier } from 'natural/lib/natural/classifiers';
import { LABELS, type Label, type Lang } from '../../dialogs/types';
import { LogisticRegression } from './logistic-regression';
import { hasHan } from './normalize';
import type { Features } from './segmenter';
import { SpellingCorrector } from './spelling';

export interface Example {
  text: string;
  label: Label;
}

export interface Scored {
  label: Label;
  probability: number;
}

export function examplesOf(training: Record<Lang, Record<Label, string[]>>, langs: readonly Lang[] = ['zh', 'en']): Example[] {
  return langs.flatMap((lang) => LABELS.flatMap((label) => training[lang][label].map((text) => ({ text, label }))));
}

/**
 * natural's naive Bayes scores a feature a class has never seen as smoothing / (examples of the
 * class), so classes with few phrases win on every unknown word. Repeating phrases up to the size
 * of the largest group removes that bias (and makes the class prior uniform). Groups are per label
 * *and language*: otherwise a label with relatively more English phrases would dilute the
 * probability of every Chinese word in it, and misread Chinese messages (and vice versa).
 */
function balanced(examples: { features: string[]; label: Label; lang: Lang }[]): { features: string[]; label: Label }[] {
  const groups = new Map<string, { features: string[]; label: Label }[]>();
  for (const e of examples) {
    const key = `${e.label}/${e.lang}`;
    const group = groups.get(key) ?? [];
    group.push(e);
    groups.set(key, group);
  }
  const largest = Math.max(...[...groups.values()].map((list) => list.length));
  return [...groups.values()].flatMap((list) => Array.from({ length: largest }, (_, i) => list[i % list.length]));
}

const SMOOTHING = 0.1;
const LENGTH_FEATURE = 'len:';
/**
 * How much naive Bayes' log-score counts next to the regression's log-probability, and the
 * regression's training: chosen on cross-validated accuracy (mean over three fold deals; 0.6,
 * 20 epochs and l2 1e-5 gave 0.949, these 0.952), and checked on the held-out phrases.
 */
const BAYES_WEIGHT = 0.4;
const REGRESSION = { epochs: 40, learningRate: 0.5, l2: 3e-4 };

export interface LogScore {
  label: Label;
  logScore: number;
}

/**
 * Log-scores → probabilities, softened by a temperature: naive Bayes multiplies many feature
 * likelihoods as if independent, so its raw posteriors are overconfident. T > 1 spreads them;
 * the value is fitted on cross-validated log-loss (`npm run eval:nlu`).
 */
export function calibrate(scores: LogScore[], temperature: number): Scored[] {
  if (scores.length === 0) return [];
  const top = Math.max(...scores.map((s) => s.logScore));
  const weights = scores.map((s) => Math.exp((s.logScore - top) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  return scores.map((s, i) => ({ label: s.label, probability: weights[i] / total })).sort((a, b) => b.probability - a.probability);
}

export class IntentClassifier {
  private readonly bayes = new BayesClassifier(undefined, SMOOTHING);
  private readonly known = new Set<string>();
  private readonly index: Map<string, number>;
  private readonly regression: LogisticRegression<Label>;
  private readonly spelling: SpellingCorrector;

  constructor(
    private readonly segmenter: Features,
    examples: Example[],
    readonly temperature = 1,
  ) {
    this.spelling = new SpellingCorrector(examples.map((e) => e.text));
    const featured = examples
      .map(({ text, label }) => ({ features: segmenter.features(text), label, lang: (hasHan(text) ? 'zh' : 'en') as Lang }))
      .filter((e) => e.features.length > 0);
    this.regression = new LogisticRegression([...new Set(featured.map((e) => e.label))], featured, REGRESSION);
    for (const { features, label } of balanced(featured)) {
      features.forEach((f) => this.known.add(f));
      this.bayes.addDocument(features, label);
    }
    // natural's train() builds each document's dense vector with indexOf over the whole vocabulary,
    // again for every repeated phrase: seconds at start-up. The same vectors, built through an index
    // and shared between repeats, train the same model in a fraction of that.
    this.index = new Map(Object.keys(this.bayes.features).map((f, i) => [f, i]));
    const vectors = new Map<string[], number[]>();
    for (const doc of this.bayes.docs) {
      // natural keeps the token array we passed, though its typings say string.
      const tokens = doc.text as unknown as string[];
      let vector = vectors.get(tokens);
      if (!vector) {
        vector = this.vector(tokens);
        vectors.set(tokens, vector);
      }
      this.bayes.classifier.addExample(vector, doc.label);
    }
    this.bayes.classifier.train();
    this.bayes.lastAdded = this.bayes.docs.length;
  }

  /** natural's feature vector (1 where the document has the feature, in natural's feature order). */
  private vector(tokens: string[]): number[] {
    const vector = new Array<number>(this.index.size).fill(0);
    for (const t of tokens) {
      const i = this.index.get(t);
      if (i !== undefined) vector[i] = 1;
    }
    return vector;
  }

  private knownFeatures(text: string): string[] {
    return this.segmenter.features(text).filter((f) => this.known.has(f));
  }

  private understandable(features: string[]): boolean {
    return features.some((f) => !f.startsWith(LENGTH_FEATURE));
  }

  /**
   * natural's naive Bayes score of every label, as a logarithm: the same formula as
   * getClassifications (class prior × the likelihood of each present feature) without taking it
   * out of log space, where a long message would underflow to 0 for every label.
   */
  scores(text: string): LogScore[] {
    let features = this.knownFeatures(text);
    // A message with no known word may hold a typo of one ("yea", "noo"): read it corrected.
    if (!this.understandable(features)) features = this.knownFeatures(this.spelling.correct(text));
    // The length feature alone is no reading: a message with no known word is not understood.
    if (!this.understandable(features)) return [];
    const regression = this.regression.logProbabilities(features);
    const model = this.bayes.classifier;
    const present = [...new Set(features.map((f) => this.index.get(f)!))];
    return Object.keys(model.classFeatures).map((label) => {
      const counts = model.classFeatures[label];
      const total = model.classTotals[label];
      let logScore = Math.log(total / model.totalExamples);
      for (const i of present) logScore += Math.log((counts[i] || model.smoothing) / total);
      return { label: label as Label, logScore: BAYES_WEIGHT * logScore + (regression.get(label as Label) ?? Math.log(1e-300)) };
    });
  }

  /** Every label with its probability, most probable first. No known word → an empty list. */
  classify(text: string): Scored[] {
    return calibrate(this.scores(text), this.temperature);
  }
}
