import { couldChangeDecision, expectedInformationGain, hintedPrior, hintedShares, posteriors } from '../dialogs/diagnosis';
import { FACT_IDS } from '../dialogs/types';
import { dialogModelOf, loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
const k = loadKnowledge();
const model = dialogModelOf(k);
const r = new NaturalRecognizer(k);
const u = r.understand(process.argv[2]);
const extra = JSON.parse(process.argv[3] ?? '{}');
const e = {
  prior: hintedPrior(model, u),
  shares: hintedShares(model, u),
  answers: { ...u.facts, ...extra },
  failedSteps: [],
  platform: u.platform,
};
const p = posteriors(model, e);
console.log(
  JSON.stringify(u.facts),
  Object.entries(p.causes)
    .map(([c, v]) => `${c} ${v.toFixed(3)}`)
    .join(' '),
);
console.log(
  Object.entries(p.subcauses)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([s, v]) => `${s} ${v.toFixed(3)}`)
    .join(' '),
);
const rows = FACT_IDS.filter((f) => e.answers[f] === undefined).map((f) => {
  const spec = model.facts[f];
  const ig = expectedInformationGain(model, e, f);
  return { f, ig, score: (spec.answerable * ig) / spec.cost, change: couldChangeDecision(model, e, f) };
});
for (const x of rows.sort((a, b) => b.score - a.score)) console.log(x.f.padEnd(24), x.ig.toFixed(4), x.score.toFixed(4), x.change);
