/**
 * npm run eval:nlu                      k-fold cross-validation over knowledge/training
 * npm run eval:nlu -- --file x.jsonl    the trained model on lines of {"text": "...", "label": "..."}
 * Options: --k 5, --repeats 5 (fold deals, pooled), --lang zh|en (cross-validate one language's phrases only).
 * Prints per-label precision / recall / F1, the confusions, the misclassified texts, and last
 * `accuracy 0.xxx (n/m)`.
 */
import { LABELS } from '../dialogs/types';
import { loadDialogSettings, loadTrainingData } from '../src/knowledge/load';
import {
  crossValidate,
  fitTemperature,
  predict,
  readLabelledLines,
  score,
  type EvaluationReport,
} from '../src/understanding/cross-validation';
import { IntentClassifier, examplesOf } from '../src/understanding/intent-classifier';
import { Segmenter } from '../src/understanding/segmenter';
import { arg } from './command-line';

function print(report: EvaluationReport): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('label', 16)} ${pad('support', 8)} precision recall  f1`);
  for (const l of [...report.labels].sort((a, b) => a.f1 - b.f1)) {
    console.log(
      `${pad(l.label, 16)} ${pad(String(l.support), 8)} ${l.precision.toFixed(3)}     ${l.recall.toFixed(3)}   ${l.f1.toFixed(3)}`,
    );
  }
  if (report.confusions.length) {
    console.log('\nconfusions (expected → predicted: count)');
    for (const c of report.confusions) console.log(`  ${c.expected} → ${c.predicted ?? '(nothing known)'}: ${c.count}`);
    // With repeated fold deals a phrase can be missed in several; list it once, with how often.
    const misses = new Map<string, { e: (typeof report.errors)[number]; n: number }>();
    for (const e of report.errors) {
      const key = `${e.expected}\u0000${e.text}`;
      misses.set(key, { e: misses.get(key)?.e ?? e, n: (misses.get(key)?.n ?? 0) + 1 });
    }
    console.log('\nmisclassified');
    for (const { e, n } of misses.values())
      console.log(`  [${e.expected} → ${e.predicted ?? '-'} ${e.confidence.toFixed(2)}]${n > 1 ? ` ×${n}` : ''} ${e.text}`);
  }
  const fitted = fitTemperature(report.predictions, LABELS.length);
  const confident = report.predictions.filter((p) => p.confidence >= 0.5);
  const wrongButSure = confident.filter((p) => p.predicted !== p.expected).length;
  console.log(
    `\ncalibration: best temperature ${fitted.temperature} (log-loss ${fitted.logLoss.toFixed(3)}); at the current one, ${confident.length} readings ≥ 0.5 of which ${wrongButSure} wrong`,
  );
  console.log(`accuracy ${report.accuracy.toFixed(3)} (${report.correct}/${report.total})`);
}

function main(): void {
  const { training, dictionary, negation } = loadTrainingData();
  const { classifierTemperature: temperature } = loadDialogSettings();
  const segmenter = new Segmenter(dictionary, negation);
  const file = arg('file');
  const lang = arg('lang');
  if (file) {
    print(score(predict(new IntentClassifier(segmenter, examplesOf(training), temperature), readLabelledLines(file))));
    return;
  }
  const examples = examplesOf(training, lang === 'zh' || lang === 'en' ? [lang] : ['zh', 'en']);
  print(crossValidate(segmenter, examples, Number(arg('k') ?? 5), temperature, Number(arg('repeats') ?? 5)));
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
