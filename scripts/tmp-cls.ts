import { ranking } from '../dialogs/diagnosis';
import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
const k = loadKnowledge();
const r = new NaturalRecognizer(k);
for (const t of process.argv.slice(2)) {
  const u = r.understand(t);
  console.log(
    t,
    '|',
    u.label,
    u.confidence.toFixed(2),
    'mass',
    u.causeMass.toFixed(2),
    ranking(u.causeScores)
      .slice(0, 3)
      .map((x) => `${x.category} ${x.probability.toFixed(2)}`)
      .join(' '),
  );
}
