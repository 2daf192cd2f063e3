import { ranking } from '../dialogs/diagnosis';
import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { loadScenarios } from './dialog-simulator';
const k = loadKnowledge();
const r = new NaturalRecognizer(k);
for (const sc of loadScenarios()) {
  const u = r.understand(sc.opening);
  if (u.causeMass < 0.5) continue;
  const rk = ranking(u.causeScores);
  if (rk[0].category !== sc.cause)
    console.log(`${sc.cause.padEnd(8)} → ${rk[0].category.padEnd(8)} ${rk[0].probability.toFixed(2)} ${u.label} | ${sc.opening}`);
}
