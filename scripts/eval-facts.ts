/**
 * npm run eval:facts                      the fact patterns on tests/fixtures/facts-dev.jsonl (mended from)
 *                                         and the two held-out files (only measured on)
 * npm run eval:facts -- --file x.jsonl    on lines of {"text": "...", "facts": {"vpn_proxy": "no", …}}
 * Prints per fact precision and recall of fact-and-answer pairs, the messages not read exactly, and
 * last `facts precision 0.xxx recall 0.xxx exact n/m` (of both held-out files together, or of --file).
 */
import { resolve } from 'node:path';
import { loadConfig } from '../src/config';
import { loadKnowledge } from '../src/knowledge/load';
import { readFactLines, scoreFacts, type FactCase, type FactReport } from '../src/understanding/fact-evaluation';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { arg } from './command-line';

function print(title: string, r: FactReport): void {
  console.log(`\n${title}`);
  console.log(`${'fact'.padEnd(24)} stated read right precision recall`);
  for (const f of [...r.facts].sort((a, b) => a.recall - b.recall)) {
    console.log(
      `${f.fact.padEnd(24)} ${String(f.stated).padEnd(6)} ${String(f.read).padEnd(4)} ${String(f.right).padEnd(5)} ${f.precision.toFixed(3)}     ${f.recall.toFixed(3)}`,
    );
  }
  if (r.misread.length) {
    console.log('\nnot read exactly (states → read)');
    for (const m of r.misread) console.log(`  ${m.text}\n      ${JSON.stringify(m.want)} → ${JSON.stringify(m.got)}`);
  }
}

function main(): void {
  const knowledge = loadKnowledge(loadConfig({ LOG_LEVEL: 'silent', STORAGE: 'memory' }).KNOWLEDGE_DIR);
  const recognizer = new NaturalRecognizer(knowledge);
  const file = arg('file');
  const runs = file
    ? [{ title: file, path: file, heldOut: true }]
    : [
        {
          title: 'tests/fixtures/facts-dev.jsonl (the patterns were mended from these)',
          path: 'tests/fixtures/facts-dev.jsonl',
          heldOut: false,
        },
        {
          title: 'tests/fixtures/facts-heldout.jsonl (held out: only measured on)',
          path: 'tests/fixtures/facts-heldout.jsonl',
          heldOut: true,
        },
        {
          title: 'tests/fixtures/facts-heldout-2.jsonl (held out, a later writer)',
          path: 'tests/fixtures/facts-heldout-2.jsonl',
          heldOut: true,
        },
      ];
  const heldOut: FactCase[] = [];
  for (const run of runs) {
    const lines = readFactLines(resolve(run.path));
    const report = scoreFacts(recognizer, lines);
    print(run.title, report);
    console.log(
      `${run.title}: precision ${report.precision.toFixed(3)} recall ${report.recall.toFixed(3)} exact ${report.exact}/${report.of}`,
    );
    if (run.heldOut) heldOut.push(...lines);
  }
  const all = scoreFacts(recognizer, heldOut);
  console.log(`facts precision ${all.precision.toFixed(3)} recall ${all.recall.toFixed(3)} exact ${all.exact}/${all.of}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
