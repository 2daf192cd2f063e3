import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
const r = new NaturalRecognizer(loadKnowledge());
for (const t of process.argv.slice(2)) {
  const u = r.understand(t);
  console.log(t, '|', u.label, u.leadingAnswer, JSON.stringify(u.facts));
}
