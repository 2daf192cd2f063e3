/**
 * Spelling correction for English words the training phrases never use ("conect", "yeah" typed
 * "yea"): each such word becomes the most frequent training word one edit away (natural's
 * Norvig-style spellchecker), so a typo is read as the word it stands for instead of as nothing.
 * Chinese needs none of this: its character bigrams already survive a wrong character.
 */
import { Spellcheck } from 'natural/lib/natural/spellcheck';
import { normalizeText } from './normalize';

const WORD = /[a-z]+/g;
/** Shorter words have too many neighbours one edit away ("ok" → "on", "oh", "of"). */
const MIN_LENGTH = 3;

export class SpellingCorrector {
  private readonly checker: Spellcheck;

  constructor(texts: readonly string[]) {
    this.checker = new Spellcheck(texts.flatMap((t) => normalizeText(t).match(WORD) ?? []));
  }

  /** The normalised text with every unknown English word replaced by its correction, where one exists. */
  correct(text: string): string {
    return normalizeText(text).replace(WORD, (word) => {
      if (word.length < MIN_LENGTH || this.checker.isCorrect(word)) return word;
      return this.checker.getCorrections(word, 1)[0] ?? word;
    });
  }
}
