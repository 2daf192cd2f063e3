/**
 * Understanding of one message, everything the machine needs: label and confidence, the cause
 * scores, facts and platform stated, the language. Trained once; `understand` does no I/O.
 */
import {
  CAUSES,
  FACT_IDS,
  isFaq,
  type Cause,
  type FactId,
  type Label,
  type Lang,
  type StatedAnswer,
  type Understanding,
} from '../../dialogs/types';
import { causeOfSubcause, type Knowledge } from '../knowledge/load';
import { extractFacts, extractPlatform, withoutStatedFacts } from './fact-extractor';
import type { OptionKey } from '../knowledge/schema';
import { IntentClassifier, examplesOf, type Example, type Scored } from './intent-classifier';
import { mainlandWords, normalizeText } from './normalize';
import { detectLanguage } from './language';
import { extractRating } from './rating';
import { anyReply, extractReplies } from './reply-extractor';
import { Segmenter } from './segmenter';
import { SubcauseClassifier } from './subcause-classifier';

export interface Recognizer {
  understand(text: string): Understanding;
}

/** What each of the bot's own buttons means: a click (or typing a button's label) is never misread. */
const OPTION_LABELS: Record<OptionKey, Label> = {
  yes: 'affirm',
  no: 'deny',
  dont_know: 'dont_know',
  worked: 'affirm',
  not_worked: 'deny',
  human: 'human',
  start_over: 'start_over',
  cancel: 'cancel',
  back_to_bot: 'cancel',
  leave_message: 'leave_message',
  // Any message but "cancel" or "leave a message" keeps a timed-out user waiting.
  keep_waiting: 'affirm',
  no_rating: 'deny',
};

/** The classifier's reading as a hint about the cause: its split between the five, and their share of its mass. */
function causeHintOf(scored: Scored[]): Pick<Understanding, 'causeScores' | 'causeMass'> {
  const causeScores = {} as Record<Cause, number>;
  let causeMass = 0;
  for (const c of CAUSES) {
    causeScores[c] = scored.find((s) => s.label === c)?.probability ?? 0;
    causeMass += causeScores[c];
  }
  for (const c of CAUSES) causeScores[c] = causeMass > 0 ? causeScores[c] / causeMass : 1 / CAUSES.length;
  return { causeScores, causeMass };
}

export class NaturalRecognizer implements Recognizer {
  readonly segmenter: Segmenter;
  readonly classifier: IntentClassifier;
  readonly subcauses: SubcauseClassifier;
  /** Each button's label, typed or clicked, → which button it is. */
  private readonly options = new Map<string, OptionKey>();
  /** Each choice fact's option buttons ("没什么变化") → the fact and the option, and nothing else. */
  private readonly choices = new Map<string, { fact: FactId; answer: StatedAnswer }>();

  constructor(
    private readonly knowledge: Knowledge,
    examples: Example[] = examplesOf(knowledge.training),
    segmenter?: Segmenter,
  ) {
    this.segmenter = segmenter ?? new Segmenter(knowledge.dictionary, knowledge.negation);
    this.classifier = new IntentClassifier(this.segmenter, examples, knowledge.dialog.classifierTemperature);
    const causeOf = causeOfSubcause(knowledge.causes);
    const phrases: Record<string, string[]> = {};
    for (const lang of ['zh', 'en'] as const) {
      for (const [sub, list] of Object.entries(knowledge.subcausePhrases[lang])) phrases[sub] = [...(phrases[sub] ?? []), ...list];
    }
    this.subcauses = new SubcauseClassifier(this.segmenter, phrases, (sub) => causeOf.get(sub));
    for (const key of Object.keys(OPTION_LABELS) as OptionKey[]) {
      for (const lang of ['zh', 'en'] as const) this.options.set(normalizeText(knowledge.messages.options[key][lang]), key);
    }
    for (const fact of FACT_IDS) {
      const spec = knowledge.facts[fact];
      if (!('options' in spec)) continue;
      for (const [answer, { label }] of Object.entries(spec.options) as [StatedAnswer, { label: Record<Lang, string> }][]) {
        for (const lang of ['zh', 'en'] as const) this.choices.set(normalizeText(label[lang]), { fact, answer });
      }
    }
  }

  /**
   * The intent classifier's split between causes and the sub-cause phrases' own reading, as a
   * product of experts weighted by `subCauseBlend` (0 = the intent classifier alone): phrases that
   * each name one concrete sub-cause correct some of its readings of incidental words.
   */
  private blendedCauses(read: string, intentView: Record<Cause, number>): Record<Cause, number> {
    const b = this.knowledge.dialog.subCauseBlend;
    const other = b > 0 ? this.subcauses.causes(read, this.knowledge.dialog.hintTemperature) : undefined;
    if (!other) return intentView;
    const mixed = {} as Record<Cause, number>;
    let sum = 0;
    for (const c of CAUSES) {
      // A floor, so that neither expert can veto a cause alone.
      mixed[c] = Math.pow(intentView[c] + 1e-6, 1 - b) * Math.pow(other[c] + 1e-6, b);
      sum += mixed[c];
    }
    for (const c of CAUSES) mixed[c] /= sum;
    return mixed;
  }

  /**
   * The bare answer a message opens with before it says more: a first clause of up to four Chinese
   * characters or one English word ("对", "没有", "yes", "nope") the classifier reads as a yes, no or
   * don't-know with near certainty.
   */
  private leadingAnswer(read: string): Understanding['leadingAnswer'] {
    // Chinese: up to four characters, then punctuation or a space; English: one word, then punctuation,
    // or a word that can only be an answer, then a space ("yes everyone in the office"; not "no idea").
    const m =
      /^(\p{Script=Han}{1,4}(?=[\s,，。.!！;；~])|[a-z]+(?=[,.!;~])|(?:yes|yeah|yep|yup|yea|nope|nah)(?= ))[\s,，。.!！;；~]+\S/u.exec(
        read,
      );
    if (!m) return undefined;
    const [top] = this.classifier.classify(m[1]);
    if (!top || top.probability < 0.9) return undefined;
    return top.label === 'affirm' || top.label === 'deny' || top.label === 'dont_know' ? top.label : undefined;
  }

  understand(text: string): Understanding {
    // Read in the words the training phrases use; the user's own words are kept for the summary.
    const read = mainlandWords(normalizeText(text), this.knowledge.regionalWords);
    const matches = (patterns: RegExp[]) => patterns.some((re) => re.test(read));
    // A typed "跳过" / "skip this one" counts as the Skip button.
    const key = this.options.get(read) ?? (matches(this.knowledge.patterns.skip) ? 'no_rating' : undefined);
    const option = key && OPTION_LABELS[key];
    const scored: Scored[] = option ? [{ label: option, probability: 1 }] : this.classifier.classify(read);
    // A choice button says its option only: "changed settings (… firewall)" is not also a security app.
    const choice = this.choices.get(read);
    const facts = choice ? { [choice.fact]: choice.answer } : extractFacts(this.knowledge.patterns, read);
    const platform = extractPlatform(this.knowledge.patterns, read);
    const { lang, sentence } = detectLanguage(text);

    // The cause hint is read without the words of stated facts that name no cause: "别的app都能上网"
    // counts through other_apps_online (against the network), and its words, read as a hint, would
    // count the other way (they speak of getting online).
    const neutral = FACT_IDS.filter((f) => facts[f] && this.knowledge.facts[f].neutralWords);
    const hintText = option || neutral.length === 0 ? read : withoutStatedFacts(this.knowledge.patterns, read, neutral);
    const { causeMass, causeScores: intentView } = causeHintOf(hintText === read ? scored : this.classifier.classify(hintText));
    const causeScores = option || causeMass === 0 ? intentView : this.blendedCauses(hintText, intentView);

    // Which sub-cause the words point at within each cause, when they hint at one; read without the
    // words that state facts, which count for their sub-causes already. How much that rest still
    // speaks of a cause at all says how far to trust the split.
    const rest = Object.keys(facts).length > 0 ? withoutStatedFacts(this.knowledge.patterns, read) : read;
    const subScores = !option && causeMass > 0 ? this.subcauses.split(rest, this.knowledge.dialog.hintTemperature) : undefined;
    // With no fact stated, or only neutral ones, the rest is the text the hint was read from.
    const subMass = !subScores ? 0 : rest === hintText ? causeMass : causeHintOf(this.classifier.classify(rest)).causeMass;
    // An FAQ is a question: a message that states facts, or answers a question in its words ("重启两次了"),
    // with no question in it ("重启微信好几次了没用") reports the problem, however much it sounds like the FAQ.
    const asking = matches(this.knowledge.faqQuestionCues);
    const saysWorked = matches(this.knowledge.patterns.worked);
    const replies = option || choice ? undefined : extractReplies(this.knowledge.patterns, read, saysWorked);
    const answers = Object.keys(facts).length > 0 || Object.keys(replies ?? {}).length > 0;
    const reported = answers && isFaq(scored[0]?.label ?? '') && !asking;
    const [read1, read2] = reported ? [{ ...scored[0], label: 'unspecified' as Label }, scored[1]] : scored;
    // A person asked for in so many words, beside a longer account of the problem the classifier reads instead.
    const asksForPerson = !option && read1?.label !== 'human' && matches(this.knowledge.patterns.asksForPerson);
    const [top, second] = asksForPerson ? [{ label: 'human' as Label, probability: 1 }, read1] : [read1, read2];
    const label: Label = top?.label ?? 'out_of_scope';
    // An FAQ asked ("为什么重启有时候有用有时候没用") answers no question, whatever words it shares with an answer.
    const noReply = option || choice || (isFaq(label) && asking);
    return {
      label,
      confidence: top?.probability ?? 0,
      runnerUp: second ? { label: second.label, confidence: second.probability } : undefined,
      causeScores,
      causeMass,
      subScores,
      subMass,
      facts,
      platform,
      lang,
      sentence,
      text,
      rating: extractRating(text),
      leadingAnswer: option ? undefined : this.leadingAnswer(read),
      // A button says what it says, whatever question is open.
      replies: noReply ? undefined : replies,
      replyAny: noReply ? undefined : anyReply(this.knowledge.patterns, read),
      saysWorked,
      saysStillBroken: matches(this.knowledge.patterns.stillBroken),
      saysTriedOnly: matches(this.knowledge.patterns.tried) || undefined,
      asksForAMoment: matches(this.knowledge.patterns.trying) || undefined,
      // The two buttons whose meaning depends on the moment; the machine tells them from a yes or a no.
      button: key === 'keep_waiting' || key === 'no_rating' ? key : undefined,
    };
  }
}
