/**
 * Which of a cause's sub-causes a message hints at: one naive Bayes per cause, over the segmenter's
 * features, trained on training/subcauses.yaml (both languages). The diagnosis uses it to split a
 * cause hint among that cause's sub-causes instead of by their base shares, so "孩子的微信一到晚上就
 * 连不上" raises teen mode within the account cause, and a later "no VPN" leaves a hint that pointed
 * at a firewall setting standing.
 */
import { BayesClassifier } from 'natural/lib/natural/classifiers';
import { CAUSES, type Cause } from '../../dialogs/types';
import type { Features } from './segmenter';

const SMOOTHING = 0.5;

export class SubcauseClassifier {
  private readonly perCause = new Map<Cause, { bayes: BayesClassifier; index: Map<string, number>; subs: string[] }>();

  /**
   * `phrases`: sub-cause id → its phrases (any language); `causeOf`: the cause of each sub-cause.
   * A cause with a single sub-cause needs no classifier.
   */
  constructor(
    private readonly segmenter: Features,
    phrases: Record<string, string[]>,
    causeOf: (sub: string) => Cause | undefined,
  ) {
    for (const cause of CAUSES) {
      const subs = Object.keys(phrases).filter((s) => causeOf(s) === cause);
      if (subs.length < 2) continue;
      const bayes = new BayesClassifier(undefined, SMOOTHING);
      // As many phrases per sub-cause (repeated), so no sub-cause wins on unknown words.
      const largest = Math.max(...subs.map((s) => phrases[s].length));
      for (const sub of subs) {
        const docs = phrases[sub].map((p) => this.segmenter.features(p)).filter((f) => f.length > 0);
        for (let i = 0; i < largest && docs.length > 0; i++) bayes.addDocument(docs[i % docs.length], sub);
      }
      bayes.train();
      this.perCause.set(cause, { bayes, index: new Map(Object.keys(bayes.features).map((f, i) => [f, i])), subs });
    }
  }

  /**
   * For every cause with several sub-causes, P(sub-cause | cause, words), softened by `temperature`
   * (naive Bayes is sure of itself from a word or two). A message with no known word gets none.
   */
  split(text: string, temperature: number): Record<string, number> | undefined {
    const features = this.segmenter.features(text);
    const out: Record<string, number> = {};
    let heard = false;
    for (const { bayes, index, subs } of this.perCause.values()) {
      const present = [...new Set(features.map((f) => index.get(f)).filter((i): i is number => i !== undefined))];
      if (present.length === 0) continue;
      heard = true;
      const model = bayes.classifier;
      // Log-space, as in the intent classifier: a long message would underflow to 0 otherwise.
      const logs = subs.map((sub) => {
        const counts = model.classFeatures[sub];
        const total = model.classTotals[sub];
        return present.reduce((sum, i) => sum + Math.log((counts[i] || model.smoothing) / total), 0) / temperature;
      });
      const top = Math.max(...logs);
      const weights = logs.map((l) => Math.exp(l - top));
      const sum = weights.reduce((a, b) => a + b, 0);
      subs.forEach((sub, i) => (out[sub] = weights[i] / sum));
    }
    return heard ? out : undefined;
  }
}
