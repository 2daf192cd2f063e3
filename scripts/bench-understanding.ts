/**
 * What understanding one message costs, as ratios against segmenting it (the cheapest step every
 * reading needs), measured in the same run: `npm run bench:understanding`. Also training time of
 * the sub-cause classifier against the intent classifier. Options: --messages 2000 --rounds 3.
 * The messages are the scenario openings (tests/scenarios), so the mix is realistic.
 */
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../src/knowledge/load';
import { IntentClassifier, examplesOf } from '../src/understanding/intent-classifier';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { loadScenarios } from './dialog-simulator';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' } } });
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);

const knowledge = loadKnowledge();
let started = performance.now();
const recognizer = new NaturalRecognizer(knowledge);
const readyMs = performance.now() - started;
const openings = loadScenarios().map((s) => s.opening);
const texts = Array.from({ length: MESSAGES }, (_, i) => `${openings[i % openings.length]} ${i}`);

/** Milliseconds per message, the best of ROUNDS (the least disturbed by the rest of the machine). */
function perMessage(work: (text: string) => unknown): number {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (const t of texts) work(t);
    best = Math.min(best, (performance.now() - t0) / texts.length);
  }
  return best;
}

const segment = perMessage((t) => recognizer.segmenter.features(t));
const intent = perMessage((t) => recognizer.classifier.classify(t));
const whole = perMessage((t) => recognizer.understand(t));

started = performance.now();
new IntentClassifier(recognizer.segmenter, examplesOf(knowledge.training), knowledge.dialog.classifierTemperature);
const intentTrainMs = performance.now() - started;

console.log(`per message, against segmenting it (${segment.toFixed(3)} ms here):`);
console.log(`  intent classifier       ×${(intent / segment).toFixed(1)}`);
console.log(`  whole understanding     ×${(whole / segment).toFixed(1)}  (facts, platform, sub-cause split, …)`);
console.log(
  `start-up: recognizer ready in ${readyMs.toFixed(0)} ms, ×${(readyMs / intentTrainMs).toFixed(2)} the intent classifier's training alone`,
);
