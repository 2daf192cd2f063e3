/**
 * What a message says about the guide's sub-causes, from training/subcauses.yaml (both languages),
 * over the segmenter's features:
 * - `split`: within each cause, which of its sub-causes the words point at (one naive Bayes per
 *   cause). The diagnosis uses it to share a cause hint among that cause's sub-causes instead of by
 *   their base shares, so "孩子的微信一到晚上就连不上" raises teen mode within the account cause, and a
 *   later "no VPN" leaves a hint that pointed at a firewall setting standing.
 * - `causes`: which cause, read by one naive Bayes over all sub-causes and summed per cause: a
 *   second opinion beside the intent classifier's, from phrases that each name one concrete
 *   sub-cause.
 */
import { BayesClassifier } from 'natural/lib/natural/classifiers';
import { CAUSES, type Cause } from '../../dialogs/types';
import type { Features } from './segmenter';

const SMOOTHING = 0.5;

interface Model {
  bayes: BayesClassifier;
  index: Map<string, number>;
  subs: string[];
}

export class SubcauseClassifier {
  private readonly perCause = new Map<Cause, Model>();
  private readonly across: Model;

  /** `phrases`: sub-cause id → its phrases (any language); `causeOf`: the cause of each sub-cause. */
  constructor(
    private readonly segmenter: Features,
    phrases: Record<string, string[]>,
    private readonly causeOf: (sub: string) => Cause | undefined,
  ) {
    const known = Object.keys(phrases).filter((s) => causeOf(s) !== undefined);
    this.across = this.train(known, phrases);
    for (const cause of CAUSES) {
      const subs = known.filter((s) => causeOf(s) === cause);
      // A cause with a single sub-cause has nothing to split.
      if (subs.length >= 2) this.perCause.set(cause, this.train(subs, phrases));
    }
  }

  private train(subs: string[], phrases: Record<string, string[]>): Model {
    const bayes = new BayesClassifier(undefined, SMOOTHING);
    // As many phrases per sub-cause (repeated), so no sub-cause wins on unknown words.
    const largest = Math.max(...subs.map((s) => phrases[s].length));
    for (const sub of subs) {
      const docs = phrases[sub].map((p) => this.segmenter.features(p)).filter((f) => f.length > 0);
      for (let i = 0; i < largest && docs.length > 0; i++) bayes.addDocument(docs[i % docs.length], sub);
    }
    bayes.train();
    return { bayes, index: new Map(Object.keys(bayes.features).map((f, i) => [f, i])), subs };
  }

  /**
   * P(sub-cause | the words) over the model's sub-causes, softened by `temperature` (naive Bayes is
   * sure of itself from a word or two); undefined when the message has no word the model knows.
   * Log-space, as in the intent classifier: a long message would underflow to 0 otherwise.
   */
  private read(m: Model, features: string[], temperature: number): number[] | undefined {
    const present = [...new Set(features.map((f) => m.index.get(f)).filter((i): i is number => i !== undefined))];
    if (present.length === 0) return undefined;
    const model = m.bayes.classifier;
    const logs = m.subs.map((sub) => {
      const counts = model.classFeatures[sub];
      const total = model.classTotals[sub];
      return present.reduce((sum, i) => sum + Math.log((counts[i] || model.smoothing) / total), 0) / temperature;
    });
    const top = Math.max(...logs);
    const weights = logs.map((l) => Math.exp(l - top));
    const sum = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => w / sum);
  }

  /** For every cause with several sub-causes, P(sub-cause | cause, words); undefined when no word is known. */
  split(text: string, temperature: number): Record<string, number> | undefined {
    const features = this.segmenter.features(text);
    const out: Record<string, number> = {};
    let heard = false;
    for (const m of this.perCause.values()) {
      const p = this.read(m, features, temperature);
      if (!p) continue;
      heard = true;
      m.subs.forEach((sub, i) => (out[sub] = p[i]));
    }
    return heard ? out : undefined;
  }

  /** P(cause | words) as the sum of its sub-causes'; undefined when no word is known. */
  causes(text: string, temperature: number): Record<Cause, number> | undefined {
    const p = this.read(this.across, this.segmenter.features(text), temperature);
    if (!p) return undefined;
    const out = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
    this.across.subs.forEach((sub, i) => (out[this.causeOf(sub)!] += p[i]));
    return out;
  }
}
