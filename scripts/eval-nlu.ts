/**
 * npm run eval:nlu                      k-fold cross-validation over knowledge/training
 * npm run eval:nlu -- --file x.jsonl    the trained model on lines of {"text": "...", "label": "..."}
 * Options: --k 5, --lang zh|en (cross-validate one language's phrases only).
 * Prints per-label precision / recall / F1, the confusions, the misclassified texts, and last
 * `accuracy 0.xxx (n/m)`.
 */
import { readFileSync } from 'node:fs';
import { LABELS, type Label } from '../dialogs/types';
import { loadDialogSettings, loadTrainingData } from '../src/knowledge/load';
import { crossValidate, fitTemperature, predict, score, type EvaluationReport } from '../src/understanding/cross-validation';
import { IntentClassifier, examplesOf, type Example } from '../src/understanding/intent-classifier';
import { Segmenter } from '../src/understanding/segmenter';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readJsonl(file: string): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      let row: { text?: unknown; label?: unknown };
      try {
        row = JSON.parse(line) as typeof row;
      } catch {
        throw new Error(`${file}:${n}: not JSON`);
      }
      if (typeof row.text !== 'string' || !LABELS.includes(row.label as Label)) {
        throw new Error(`${file}:${n}: expected {"text": string, "label": one of ${LABELS.join(' ')}}`);
      }
      return { text: row.text, label: row.label as Label };
    });
}

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
    console.log('\nmisclassified');
    for (const e of report.errors) console.log(`  [${e.expected} → ${e.predicted ?? '-'} ${e.confidence.toFixed(2)}] ${e.text}`);
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
  const { training, dictionary } = loadTrainingData();
  const { classifierTemperature: temperature } = loadDialogSettings();
  const segmenter = new Segmenter(dictionary);
  const file = arg('file');
  const lang = arg('lang');
  if (file) {
    print(score(predict(new IntentClassifier(segmenter, examplesOf(training), temperature), readJsonl(file))));
    return;
  }
  const examples = examplesOf(training, lang === 'zh' || lang === 'en' ? [lang] : ['zh', 'en']);
  print(crossValidate(segmenter, examples, Number(arg('k') ?? 5), temperature));
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
