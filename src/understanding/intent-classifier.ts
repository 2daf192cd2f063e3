/**
 * The intent classifier: natural's naive Bayes over the segmenter's features, trained once from
 * the training phrases of both languages. Scores are normalised into a probability per label.
 */
import { BayesClassifier } from 'natural/lib/natural/classifiers';
import { LABELS, type Label, type Lang } from '../../dialogs/types';
import type { Segmenter } from './segmenter';

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
 * class), so classes with few phrases win on every unknown word. Repeating each class's phrases up
 * to the size of the largest class removes that bias (and makes the class prior uniform).
 */
function balanced(examples: { features: string[]; label: Label }[]): { features: string[]; label: Label }[] {
  const byLabel = new Map<Label, { features: string[]; label: Label }[]>();
  for (const e of examples) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  const largest = Math.max(...[...byLabel.values()].map((list) => list.length));
  return [...byLabel.values()].flatMap((list) => Array.from({ length: largest }, (_, i) => list[i % list.length]));
}

const SMOOTHING = 0.1;
const LENGTH_FEATURE = 'len:';

export class IntentClassifier {
  private readonly bayes = new BayesClassifier(undefined, SMOOTHING);
  private readonly known = new Set<string>();

  constructor(
    private readonly segmenter: Segmenter,
    examples: Example[],
  ) {
    const featured = examples
      .map(({ text, label }) => ({ features: segmenter.features(text), label }))
      .filter((e) => e.features.length > 0);
    for (const { features, label } of balanced(featured)) {
      features.forEach((f) => this.known.add(f));
      this.bayes.addDocument(features, label);
    }
    this.bayes.train();
  }

  /** Every label with its probability, most probable first. No known word → an empty list. */
  classify(text: string): Scored[] {
    const features = this.segmenter.features(text).filter((f) => this.known.has(f));
    // The length feature alone is no reading: a message with no known word is not understood.
    if (!features.some((f) => !f.startsWith(LENGTH_FEATURE))) return [];
    const raw = this.bayes.getClassifications(features);
    const total = raw.reduce((sum, r) => sum + r.value, 0);
    if (!(total > 0)) return [];
    return raw.map((r) => ({ label: r.label as Label, probability: r.value / total }));
  }
}
