/**
 * npm run tune:dialogs — the simulated users of eval:dialogs played under a grid of dialog settings,
 * to choose the stop threshold, the question cap and the hint weight from numbers rather than by
 * feel. One line per combination: the settings, then the eval:dialogs figures.
 * Grid values come from `-- --stop 0.7,0.8 --max 3,4 --hint 0.5,0.65 --htemp 1,2 --cap 0.4,0.5` (defaults: around the current).
 */
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { loadAnswers, loadScenarios, simulate, summarize } from './dialog-simulator';

function list(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1].split(',').map(Number) : fallback;
}

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', STORAGE: 'memory' });
  const knowledge = loadKnowledge(config.KNOWLEDGE_DIR);
  const scenarios = loadScenarios();
  const answers = loadAnswers();
  const current = knowledge.dialog;
  const grid = list('stop', [current.stopThreshold - 0.1, current.stopThreshold, current.stopThreshold + 0.1]).flatMap((stopThreshold) =>
    list('max', [current.maxQuestions - 1, current.maxQuestions, current.maxQuestions + 1]).flatMap((maxQuestions) =>
      list('hint', [current.hintWeight]).flatMap((hintWeight) =>
        list('htemp', [current.hintTemperature]).flatMap((hintTemperature) =>
          list('cap', [current.hintCap]).map((hintCap) => ({ stopThreshold, maxQuestions, hintWeight, hintTemperature, hintCap })),
        ),
      ),
    ),
  );
  // The recognizer softens its sub-cause readings by hintTemperature too: one per temperature.
  const recognizers = new Map<number, NaturalRecognizer>();
  console.log('stop  max  hint  htemp cap  | know-facts        know-little  median  repeats  clarif.  ended    resolved');
  for (const settings of grid) {
    const dialog = { ...current, ...settings };
    const recognizer = recognizers.get(dialog.hintTemperature) ?? new NaturalRecognizer({ ...knowledge, dialog });
    recognizers.set(dialog.hintTemperature, recognizer);
    const app = createApp(config, { knowledge: { ...knowledge, dialog }, recognizer });
    const results = [];
    for (const scenario of scenarios) results.push(await simulate(app, scenario, answers));
    await app.close();
    const s = summarize(results);
    const { stopThreshold, maxQuestions, hintWeight, hintTemperature, hintCap } = settings;
    console.log(
      `${stopThreshold.toFixed(2)}  ${maxQuestions}    ${hintWeight.toFixed(2)}  ${hintTemperature.toFixed(1)}   ${hintCap.toFixed(2)} | ${s.diagnosis.rate.toFixed(3)} (${s.diagnosis.found}/${s.diagnosis.of})     ${s.diagnosisLittle.found}/${s.diagnosisLittle.of}          ${s.medianQuestions}       ${s.repeats}        ${(s.clarificationRate * 100).toFixed(1)} %    ${s.endedProperly.n}/${s.endedProperly.of}  ${s.resolvedByBot.n}/${s.resolvedByBot.of}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
