/**
 * npm run eval:dialogs — plays every scenario in tests/scenarios/ as a simulated user and reports,
 * per scenario, whether the true cause came first, questions, repeats, turns and the ending; last
 * line: `diagnosis 0.xxx (n/m) median-questions N ended-properly n/m`.
 * `-- --only <id-substring>` plays matching scenarios only; `-- --set <name>` one set (original,
 * blind-1, …); `-- --dir <folder>` scenarios from elsewhere; `-- --verbose` prints every turn.
 */
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { TroubleshootingTrace } from '../src/conversation/trace';
import { loadAnswers, loadScenarios, simulate, summarize } from './dialog-simulator';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function printTurn(text: string, t: TroubleshootingTrace): void {
  const top = t.ranking
    .slice(0, 3)
    .map((r) => `${r.category} ${r.probability.toFixed(2)}`)
    .join(', ');
  const shown = t.questionId ? `ask ${t.questionId}` : t.stepId ? `step ${t.category}/${t.stepId}` : '';
  console.log(`  > ${text}\n    [${t.intent.label} ${t.intent.confidence.toFixed(2)}] ${t.state} ${shown} (${top})`);
}

async function main(): Promise<void> {
  const app = createApp(loadConfig({ LOG_LEVEL: 'silent', STORAGE: 'memory' }));
  const answers = loadAnswers();
  const results = [];
  const only = arg('only');
  const set = arg('set');
  const dir = arg('dir');
  const verbose = process.argv.includes('--verbose');
  const scenarios = loadScenarios(dir ?? undefined).filter((sc) => (!only || sc.id.includes(only)) && (!set || sc.set === set));
  for (const scenario of scenarios) {
    if (verbose) console.log(scenario.id);
    results.push(await simulate(app, scenario, answers, verbose ? printTurn : undefined));
  }
  const s = summarize(results);
  console.log('scenario                                   cause     first  questions repeats turns  ending');
  for (const r of s.results) {
    console.log(
      `${r.id.padEnd(42)} ${r.cause.padEnd(9)} ${(r.foundAtFirstStep ? 'yes' : 'NO').padEnd(6)} ${String(r.questions).padEnd(9)} ${String(r.repeats).padEnd(7)} ${String(r.turns).padEnd(6)} ${r.ending}`,
    );
  }
  const sets = [...new Set(s.results.map((r) => r.set))];
  if (sets.length > 1) {
    console.log('');
    for (const name of sets) {
      const part = summarize(s.results.filter((r) => r.set === name));
      console.log(
        `set ${name.padEnd(10)} know the facts ${part.diagnosis.rate.toFixed(3)} (${part.diagnosis.found}/${part.diagnosis.of}), know little ${part.diagnosisLittle.found}/${part.diagnosisLittle.of}, median questions ${part.medianQuestions}`,
      );
    }
  }
  console.log(
    `\nusers who know little: cause first ${s.diagnosisLittle.rate.toFixed(3)} (${s.diagnosisLittle.found}/${s.diagnosisLittle.of})`,
  );
  console.log(`repeated questions ${s.repeats}; clarification turns ${(s.clarificationRate * 100).toFixed(1)} %`);
  console.log(
    `diagnosis ${s.diagnosis.rate.toFixed(3)} (${s.diagnosis.found}/${s.diagnosis.of}) median-questions ${s.medianQuestions} ended-properly ${s.endedProperly.n}/${s.endedProperly.of}`,
  );
  await app.close();
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
