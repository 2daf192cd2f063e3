import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { mainlandWords, normalizeText } from '../src/understanding/normalize';
const k = loadKnowledge();
const r = new NaturalRecognizer(k);
for (const t of process.argv.slice(2))
  console.log(t, '|', mainlandWords(normalizeText(t), k.regionalWords), JSON.stringify(r.understand(t).facts));
