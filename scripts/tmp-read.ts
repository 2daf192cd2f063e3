import { loadKnowledge } from '../src/knowledge/load';
import { extractFacts } from '../src/understanding/fact-extractor';
const k = loadKnowledge();
for (const t of process.argv.slice(2)) console.log(t, JSON.stringify(extractFacts(k.patterns, t)));
