/**
 * npm run eval:answers                      replies to the bot's own questions, on
 *                                           tests/fixtures/answers-dev.jsonl, answers-dev-2.jsonl (mended from) and
 *                                           tests/fixtures/answers-heldout.jsonl (only measured on)
 * npm run eval:answers -- --file x.jsonl    on lines of {"asked": "vpn_proxy", "lang": "zh", "text": "没",
 *                                           "answer": "no", "facts": {}}
 * Each reply goes to the real machine with its question open. Prints per question how often the
 * answer recorded is the labelled one, the confusions (want → got), the other facts stated, the
 * replies not read exactly, and last
 * `answers 0.xxx (n/m) flipped n missed n clarified n other-facts precision 0.xxx recall 0.xxx`
 * (of the held-out file, or of --file).
 */
import { resolve } from 'node:path';
import { createTroubleshootingMachine } from '../dialogs/troubleshooting';
import { loadConfig } from '../src/config';
import { dialogModelOf, loadKnowledge } from '../src/knowledge/load';
import { readAnswerLines, scoreAnswers, type AnswerReport } from '../src/understanding/answer-evaluation';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { arg } from './command-line';

function summary(r: AnswerReport): string {
  return (
    `answers ${(r.right / Math.max(r.of, 1)).toFixed(3)} (${r.right}/${r.of}) flipped ${r.flipped} missed ${r.missed} ` +
    `clarified ${r.clarified} other-facts precision ${r.other.precision.toFixed(3)} recall ${r.other.recall.toFixed(3)}`
  );
}

function print(title: string, r: AnswerReport): void {
  console.log(`\n${title}`);
  console.log(`${'question'.padEnd(24)} right`);
  for (const f of [...r.perFact].sort((a, b) => a.right / a.of - b.right / b.of)) {
    console.log(`${f.fact.padEnd(24)} ${f.right}/${f.of}`);
  }
  if (r.confusions.length) {
    console.log('\nanswer labelled → answer recorded');
    for (const c of r.confusions) console.log(`  ${c.want.padEnd(16)} → ${c.got.padEnd(16)} ${c.count}`);
  }
  console.log(
    `\nother facts stated alongside: ${r.other.right} right of ${r.other.read} read, ${r.other.stated} stated (precision ${r.other.precision.toFixed(3)}, recall ${r.other.recall.toFixed(3)})`,
  );
  if (r.misread.length) {
    console.log('\nnot read exactly (asked: reply → recorded; labelled)');
    for (const m of r.misread) {
      const want = { [m.case.asked]: m.case.answer, ...m.case.facts };
      const got = { [m.case.asked]: m.got.answer, ...m.got.facts };
      console.log(
        `  ${m.case.asked}: ${m.case.text}\n      ${JSON.stringify(got)}; labelled ${JSON.stringify(want)}${m.got.clarified ? ' (clarified)' : ''}`,
      );
    }
  }
  console.log(`${title}: ${summary(r)}`);
}

function main(): void {
  const knowledge = loadKnowledge(loadConfig({ LOG_LEVEL: 'silent', STORAGE: 'memory' }).KNOWLEDGE_DIR);
  const recognizer = new NaturalRecognizer(knowledge);
  const model = dialogModelOf(knowledge);
  const machine = createTroubleshootingMachine(model);
  const file = arg('file');
  const runs = file
    ? [{ title: file, path: file }]
    : [
        { title: 'tests/fixtures/answers-dev.jsonl (the understanding was mended from these)', path: 'tests/fixtures/answers-dev.jsonl' },
        { title: 'tests/fixtures/answers-dev-2.jsonl (a second writer, mended from too)', path: 'tests/fixtures/answers-dev-2.jsonl' },
        { title: 'tests/fixtures/answers-heldout.jsonl (held out: only measured on)', path: 'tests/fixtures/answers-heldout.jsonl' },
      ];
  let last: AnswerReport | undefined;
  for (const run of runs) {
    last = scoreAnswers(machine, model, recognizer, readAnswerLines(resolve(run.path)), knowledge.patterns.implies);
    print(run.title, last);
  }
  if (last) console.log(summary(last));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
