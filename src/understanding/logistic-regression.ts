/**
 * Multinomial logistic regression over sparse binary features, trained with AdaGrad. It weighs
 * features against each other (naive Bayes counts each on its own, so correlated features such as a
 * jieba word and its character bigrams add up), which is what separates close labels best; the
 * classifier combines both. Deterministic: a fixed-seed shuffle, so the same phrases give the same model.
 */
export interface LogisticRegressionOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update: small, the phrases are few and each word matters. */
  l2: number;
}

export class LogisticRegression<L extends string> {
  private readonly index = new Map<string, number>();
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;

  constructor(
    readonly labels: readonly L[],
    examples: { features: string[]; label: L }[],
    { epochs, learningRate, l2 }: LogisticRegressionOptions,
  ) {
    const rows = examples.map((e) => ({ x: this.indexed(e.features, true), y: labels.indexOf(e.label) }));
    const n = labels.length;
    const v = this.index.size;
    this.weights = new Float64Array(n * v);
    this.bias = new Float64Array(n);
    const g2 = new Float64Array(n * v).fill(1e-8);
    const g2Bias = new Float64Array(n).fill(1e-8);
    const order = rows.map((_, i) => i);
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const r of order) {
        const { x, y } = rows[r];
        const p = this.probabilities(x);
        for (let c = 0; c < n; c++) {
          const g = p[c] - (c === y ? 1 : 0);
          g2Bias[c] += g * g;
          this.bias[c] -= (learningRate * g) / Math.sqrt(g2Bias[c]);
          for (const f of x) {
            const k = c * v + f;
            const gk = g + l2 * this.weights[k];
            g2[k] += gk * gk;
            this.weights[k] -= (learningRate * gk) / Math.sqrt(g2[k]);
          }
        }
      }
    }
  }

  private indexed(features: string[], grow = false): number[] {
    const out = new Set<number>();
    for (const f of features) {
      let i = this.index.get(f);
      if (i === undefined && grow) this.index.set(f, (i = this.index.size));
      if (i !== undefined) out.add(i);
    }
    return [...out];
  }

  private probabilities(x: number[]): Float64Array {
    const v = this.index.size;
    const n = this.labels.length;
    const p = new Float64Array(n);
    let top = -Infinity;
    for (let c = 0; c < n; c++) {
      let s = this.bias[c];
      for (const f of x) s += this.weights[c * v + f];
      p[c] = s;
      if (s > top) top = s;
    }
    let total = 0;
    for (let c = 0; c < n; c++) total += p[c] = Math.exp(p[c] - top);
    for (let c = 0; c < n; c++) p[c] /= total;
    return p;
  }

  /** log P(label | features) for every label. */
  logProbabilities(features: string[]): Map<L, number> {
    const p = this.probabilities(this.indexed(features));
    return new Map(this.labels.map((l, c) => [l, Math.log(Math.max(p[c], 1e-300))]));
  }
}
