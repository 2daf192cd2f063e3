/**
 * Understanding of one message, everything the machine needs: label and confidence, the cause
 * scores, facts and platform stated, the language. Trained once; `understand` does no I/O.
 */
import { CAUSES, type Cause, type Label, type Understanding } from '../../dialogs/types';
import type { Knowledge } from '../knowledge/load';
import { extractFacts, extractPlatform } from './fact-extractor';
import { IntentClassifier, examplesOf, type Example } from './intent-classifier';
import { detectLanguage } from './language';
import { Segmenter } from './segmenter';

export interface Recognizer {
  understand(text: string): Understanding;
}

export class NaturalRecognizer implements Recognizer {
  readonly segmenter: Segmenter;
  private readonly classifier: IntentClassifier;

  constructor(
    private readonly knowledge: Knowledge,
    examples: Example[] = examplesOf(knowledge.training),
    segmenter?: Segmenter,
  ) {
    this.segmenter = segmenter ?? new Segmenter(knowledge.dictionary);
    this.classifier = new IntentClassifier(this.segmenter, examples);
  }

  understand(text: string): Understanding {
    const scored = this.classifier.classify(text);
    const facts = extractFacts(this.knowledge.patterns, text);
    const platform = extractPlatform(this.knowledge.patterns, text);
    const { lang, sentence } = detectLanguage(text);

    const causeScores = {} as Record<Cause, number>;
    let causeMass = 0;
    for (const c of CAUSES) {
      causeScores[c] = scored.find((s) => s.label === c)?.probability ?? 0;
      causeMass += causeScores[c];
    }
    for (const c of CAUSES) causeScores[c] = causeMass > 0 ? causeScores[c] / causeMass : 1 / CAUSES.length;

    const [top, second] = scored;
    const label: Label = top?.label ?? 'out_of_scope';
    return {
      label,
      confidence: top?.probability ?? 0,
      runnerUp: second ? { label: second.label, confidence: second.probability } : undefined,
      causeScores,
      causeMass,
      facts,
      platform,
      lang,
      sentence,
      text,
    };
  }
}
