/**
 * Turns a message into classifier features. Chinese runs go through jieba (with the domain
 * dictionary from knowledge/, so 微信 stays one word) plus character bigrams, which survive
 * segmentation mistakes and typos like 联/连; other runs go through natural's word tokenizer
 * and Porter stemmer.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { WordTokenizer } from 'natural/lib/natural/tokenizers';
import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { normalizeText } from './normalize';

const HAN_RUN = /(\p{Script=Han}+)/u;
const IS_HAN = /^\p{Script=Han}+$/u;

/** What the classifier needs from a segmenter. */
export interface Features {
  features(text: string): string[];
}

export class Segmenter implements Features {
  private readonly jieba: Jieba;
  private readonly words = new WordTokenizer();

  constructor(domainDictionary: string) {
    this.jieba = Jieba.withDict(dict);
    this.jieba.loadDict(Buffer.from(domainDictionary, 'utf8'));
  }

  /** Chinese words as jieba cuts them (for tests and debugging). */
  cut(text: string): string[] {
    return this.jieba.cut(normalizeText(text), true).filter((w) => w.trim() !== '');
  }

  features(text: string): string[] {
    const normal = normalizeText(text);
    const out: string[] = [];
    // Short messages are mostly answers ("好了", "no"): their length, and for very short ones the
    // whole message, say a lot. Length counts Chinese characters plus other words.
    const compact = normal.replace(/[\s\p{P}\p{S}]+/gu, '');
    if (compact.length > 0 && compact.length <= 6) out.push(`=${compact}`);
    // Counted per script, so English phrase lengths do not pull Chinese messages and vice versa.
    const han = (normal.match(/\p{Script=Han}/gu) ?? []).length;
    const units = han + (normal.match(/[a-z0-9]+/g) ?? []).length;
    out.push(`len:${han ? 'zh' : 'en'}:${units <= 2 ? units : units <= 4 ? '3-4' : units <= 8 ? '5-8' : '9+'}`);
    for (const run of normal.split(HAN_RUN)) {
      if (!run) continue;
      if (IS_HAN.test(run)) {
        out.push(...this.jieba.cut(run, true));
        for (let i = 0; i + 1 < run.length; i++) out.push(`#${run.slice(i, i + 2)}`);
        if (run.length === 1) out.push(`#${run}`);
      } else {
        for (const w of this.words.tokenize(run)) out.push(PorterStemmer.stem(w));
      }
    }
    return out;
  }
}
