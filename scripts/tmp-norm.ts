import { normalizeText } from '../src/understanding/normalize';
for (const t of process.argv.slice(2)) console.log(normalizeText(t));
