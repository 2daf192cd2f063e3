/**
 * Reads knowledge/ once at start-up, validates every file, and returns typed content. Any fault
 * stops start-up with a KnowledgeError naming the file, the path inside it and what is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  CAUSES,
  FACT_IDS,
  PLATFORMS,
  answersOf,
  type Answer,
  type AnswerLikelihood,
  type Cause,
  type ChoiceOption,
  type StatedAnswer,
  type DialogModel,
  type FactId,
  type Label,
  type Lang,
  type Platform,
} from '../../dialogs/types';
import { remedies } from '../../dialogs/fixing';
import { statedAnswer } from '../understanding/fact-extractor';
import { normalizeText } from '../understanding/normalize';
import { KnowledgeError } from './knowledge-error';
import {
  causesFileSchema,
  dialogFileSchema,
  factPatternsFileSchema,
  factsFileSchema,
  faqsFileSchema,
  messagesFileSchema,
  negationWordsFileSchema,
  platformPatternsFileSchema,
  outcomePatternsFileSchema,
  regionalWordsFileSchema,
  replyPatternsFileSchema,
  requestPatternsFileSchema,
  subcausePhrasesFileSchema,
  trainingFileSchema,
  type Text,
} from './schema';

export interface Knowledge {
  causes: z.infer<typeof causesFileSchema>['causes'];
  facts: z.infer<typeof factsFileSchema>['facts'];
  platform: z.infer<typeof factsFileSchema>['platform'];
  faqs: z.infer<typeof faqsFileSchema>['faqs'];
  /** A question word or mark: without one, a message that states facts is a report, not an FAQ (faqs.yaml). */
  faqQuestionCues: RegExp[];
  messages: z.infer<typeof messagesFileSchema>;
  /** Phrases per label; each cause's include its sub-causes' phrases. */
  training: Record<Lang, Record<Label, string[]>>;
  /** Phrases per sub-cause id (training/subcauses.yaml), for telling a cause's sub-causes apart. */
  subcausePhrases: Record<Lang, Record<string, string[]>>;
  /** jieba user dictionary, "word freq tag" per line. */
  dictionary: string;
  /** Words that negate what follows them, for the classifier's features (negation-words.yaml). */
  negation: NegationWords;
  patterns: {
    /** Per fact, its answers with the patterns that state them, in the order they are tried. */
    facts: Record<FactId, { answer: StatedAnswer; patterns: RegExp[] }[]>;
    /** A clause that asks or supposes ("是不是VPN的问题?", "if I turn off the vpn…"): it states no fact. */
    questions: RegExp[];
    /**
     * Per fact, the patterns that take a yes to it back when they follow it ("…现在已经关了",
     * "…后来又打开了"); global, for finding every place they match.
     */
    undone: Partial<Record<FactId, RegExp[]>>;
    /** A reading that settles another fact the message does not state itself. */
    implies: { if: [FactId, StatedAnswer]; then: [FactId, StatedAnswer] }[];
    platform: Record<Platform, RegExp[]>;
    /** "It works now" inside a message that is mainly something else (outcome-patterns.yaml). */
    worked: RegExp[];
    /** "还是不行", "it stopped again": a fix taken as working did not hold (outcome-patterns.yaml). */
    stillBroken: RegExp[];
    /** "试了", "done": the step was done, the message does not say how it went (outcome-patterns.yaml). */
    tried: RegExp[];
    /** "我试试", "one sec": the user asks for a moment (outcome-patterns.yaml). */
    trying: RegExp[];
    /** "跳过", "skip this one": the whole message passes, as the rating's Skip button does (outcome-patterns.yaml). */
    skip: RegExp[];
    /**
     * Per fact, the answers its open question takes in words that state nothing on their own, tried
     * in order, and the answers a "still fails" and an "it works now" reply give (reply-patterns.yaml).
     */
    replies: Partial<Record<FactId, { readings: { answer: Answer; patterns: RegExp[] }[]; stillFails?: Answer; worksNow?: Answer }>>;
    /** "也不行", "same thing", "nothing works": what was tried fails too. */
    stillFails: RegExp[];
    /** At any yes / no question: "怎么看", "haven't looked" (don't know); "好像没有吧", "probably not" (a hedged no or yes). */
    anyReply: { answer: Answer; patterns: RegExp[] }[];
    /** "微信连不上 转人工": a request for a person, whatever else the message says (request-patterns.yaml). */
    asksForPerson: RegExp[];
  };
  dialog: z.infer<typeof dialogFileSchema>;
  /** Taiwan / Hong Kong word → mainland word, longest first (regional-words.yaml). */
  regionalWords: [string, string][];
}

export type NegationWords = z.infer<typeof negationWordsFileSchema>;

/** Sub-cause id → the cause it belongs to (causes.yaml). */
export function causeOfSubcause(causes: Knowledge['causes']): Map<string, Cause> {
  return new Map(CAUSES.flatMap((c) => causes[c].subcauses.map((s) => [s.id, c] as const)));
}

/** knowledge/ beside package.json, found from this file whether it runs from src/ or dist/src/. */
export function defaultKnowledgeDir(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return path.join(dir, 'knowledge');
}

function formatPath(p: readonly PropertyKey[]): string {
  return (
    p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(top level)'
  );
}

function readYaml<S extends z.ZodType>(dir: string, file: string, schema: S): z.infer<S> {
  const full = path.join(dir, file);
  if (!existsSync(full)) throw new KnowledgeError(file, ['the file is missing']);
  const doc = parseDocument(readFileSync(full, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new KnowledgeError(
      file,
      doc.errors.map((e) => `YAML: ${e.message}`),
    );
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new KnowledgeError(
      file,
      parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    );
  }
  return parsed.data;
}

function compilePatterns(where: string, sources: string[], problems: string[], flags = 'iu'): RegExp[] {
  return sources.flatMap((src, i) => {
    try {
      return [new RegExp(src, flags)];
    } catch (e) {
      problems.push(`${where}[${i}]: not a valid regular expression (${(e as Error).message})`);
      return [];
    }
  });
}

/** The sentences' {placeholders} must be the same in both languages. */
function checkPlaceholders(entries: [string, Text][], problems: string[]): void {
  const names = (s: string) =>
    [...s.matchAll(/\{(\w+)\}/g)]
      .map((m) => m[1])
      .sort()
      .join(',');
  for (const [where, text] of entries) {
    if (names(text.zh) !== names(text.en)) problems.push(`${where}: zh has {${names(text.zh)}} but en has {${names(text.en)}}`);
  }
}

export function loadKnowledge(dir: string = defaultKnowledgeDir()): Knowledge {
  const causes = readYaml(dir, 'causes.yaml', causesFileSchema).causes;
  const factsFile = readYaml(dir, 'facts.yaml', factsFileSchema);
  const { faqs, questionCues } = readYaml(dir, 'faqs.yaml', faqsFileSchema);
  const messages = readYaml(dir, 'messages.yaml', messagesFileSchema);
  const dialog = readYaml(dir, 'dialog.yaml', dialogFileSchema);
  const { training, subcausePhrases, dictionary, negation } = loadTrainingData(dir, causes);
  const rawPatterns = readYaml(dir, 'fact-patterns.yaml', factPatternsFileSchema);
  const rawPlatform = readYaml(dir, 'platform-patterns.yaml', platformPatternsFileSchema);
  const rawOutcome = readYaml(dir, 'outcome-patterns.yaml', outcomePatternsFileSchema);
  const rawReplies = readYaml(dir, 'reply-patterns.yaml', replyPatternsFileSchema);
  const rawRequests = readYaml(dir, 'request-patterns.yaml', requestPatternsFileSchema);
  const regionalWords = Object.entries(readYaml(dir, 'regional-words.yaml', regionalWordsFileSchema)).sort(
    (a, b) => b[0].length - a[0].length,
  );
  // Messages are read in simplified characters: a word written otherwise (么得 is 幺得 once
  // converted) could never match.
  const unreadable = regionalWords
    .filter(([w]) => normalizeText(w) !== w)
    .map(([w]) => `${w}: reads as ${normalizeText(w)} once normalised`);
  if (unreadable.length) throw new KnowledgeError('regional-words.yaml', unreadable);

  const priorSum = CAUSES.reduce((sum, c) => sum + causes[c].prior, 0);
  if (Math.abs(priorSum - 1) > 0.001) {
    throw new KnowledgeError('causes.yaml', [`causes.*.prior: the five priors must sum to 1, they sum to ${priorSum.toFixed(3)}`]);
  }
  const stepIds = CAUSES.flatMap((c) => causes[c].steps.map((s, i) => [`causes.${c}.steps[${i}].id`, s.id] as const));
  const seen = new Set<string>();
  for (const [where, sid] of stepIds) {
    if (seen.has(sid)) throw new KnowledgeError('causes.yaml', [`${where}: step id "${sid}" is used twice`]);
    seen.add(sid);
  }

  const problems: string[] = [];
  const subcauseList = CAUSES.flatMap((c) => causes[c].subcauses.map((s) => s.id));
  const subcauseIds = new Set(subcauseList);
  if (subcauseIds.size !== subcauseList.length) {
    const twice = subcauseList.filter((id, i) => subcauseList.indexOf(id) !== i);
    throw new KnowledgeError('causes.yaml', [`sub-cause ids must be unique across causes: ${[...new Set(twice)].join(', ')} used twice`]);
  }
  const stepProblems: string[] = [];
  for (const c of CAUSES) {
    const own = new Set(causes[c].subcauses.map((s) => s.id));
    causes[c].steps.forEach((step, i) => {
      for (const sub of step.fixes ?? []) {
        if (!own.has(sub)) stepProblems.push(`causes.${c}.steps[${i}].fixes: "${sub}" is not a sub-cause of ${c}`);
      }
    });
    for (const sub of own) {
      if (!causes[c].steps.some((s) => remedies(s, sub))) {
        stepProblems.push(`causes.${c}.subcauses: no step of ${c} fixes "${sub}" (list it in a step's \`fixes\`)`);
      }
    }
  }
  if (stepProblems.length) throw new KnowledgeError('causes.yaml', stepProblems);
  for (const f of FACT_IDS) {
    const spec = factsFile.facts[f];
    const parts: [string, { subcauses?: Record<string, number> }][] =
      'options' in spec ? Object.entries(spec.options).map(([o, a]) => [`facts.${f}.options.${o}`, a]) : [[`facts.${f}`, spec]];
    for (const [where, part] of parts) {
      for (const sub of Object.keys(part.subcauses ?? {})) {
        if (!subcauseIds.has(sub)) problems.push(`${where}.subcauses.${sub}: no such sub-cause in causes.yaml`);
      }
    }
  }
  const shares = PLATFORMS.reduce((sum, p) => sum + factsFile.platform.share[p], 0);
  if (Math.abs(shares - 1) > 0.001) problems.push(`platform.share: the three shares must sum to 1, they sum to ${shares.toFixed(3)}`);
  if (problems.length) throw new KnowledgeError('facts.yaml', problems);
  checkPlaceholders(
    [
      ...Object.entries(messages.messages).map(([k, t]) => [`messages.${k}`, t] as [string, Text]),
      ...Object.entries(messages.guesses).map(([k, t]) => [`guesses.${k}`, t] as [string, Text]),
    ],
    problems,
  );
  if (problems.length) throw new KnowledgeError('messages.yaml', problems);

  const patterns = {
    facts: {} as Knowledge['patterns']['facts'],
    questions: [] as RegExp[],
    undone: {} as Partial<Record<FactId, RegExp[]>>,
    implies: [] as Knowledge['patterns']['implies'],
    platform: {} as Knowledge['patterns']['platform'],
    worked: [] as RegExp[],
    stillBroken: [] as RegExp[],
    tried: [] as RegExp[],
    trying: [] as RegExp[],
    skip: [] as RegExp[],
    replies: {} as Knowledge['patterns']['replies'],
    stillFails: [] as RegExp[],
    anyReply: [] as Knowledge['patterns']['anyReply'],
    asksForPerson: [] as RegExp[],
  };
  for (const f of FACT_IDS) {
    // Negations first: they are the more specific patterns ("没开vpn" also contains "vpn"). A choice
    // fact's options go in the order CHOICE_OPTIONS lists them.
    const raw: Partial<Record<StatedAnswer, string[]>> = rawPatterns[f];
    patterns.facts[f] = answersOf(f)
      .slice()
      .sort((a, b) => Number(b === 'no') - Number(a === 'no'))
      .map((answer) => ({ answer, patterns: compilePatterns(`${f}.${answer}`, raw[answer] ?? [], problems) }));
  }
  patterns.questions = compilePatterns('questions', rawPatterns.questions, problems);
  rawPatterns.undone.forEach((rule, i) => {
    // Global: the extractor looks at every place one matches.
    const back = compilePatterns(`undone[${i}].back`, rule.back, problems, 'giu');
    for (const f of rule.facts) patterns.undone[f] = [...(patterns.undone[f] ?? []), ...back];
  });
  rawPatterns.implies.forEach((rule, i) => {
    const pair = (side: 'if' | 'then'): [FactId, StatedAnswer] | undefined => {
      const entries = Object.entries(rule[side]);
      const [fact, answer] = entries[0] ?? [];
      const where = `implies[${i}].${side}`;
      if (entries.length !== 1) problems.push(`${where}: needs exactly one fact: answer`);
      else if (!FACT_IDS.includes(fact as FactId)) problems.push(`${where}: no such fact "${fact}"`);
      else if (!answersOf(fact as FactId).includes(answer as StatedAnswer)) problems.push(`${where}: ${fact} cannot be "${answer}"`);
      else return [fact as FactId, answer as StatedAnswer];
      return undefined;
    };
    const when = pair('if');
    const then = pair('then');
    if (when && then) patterns.implies.push({ if: when, then });
  });
  // A choice fact's buttons send their label: each must read as its own option.
  for (const f of FACT_IDS) {
    const spec = factsFile.facts[f];
    if (!('options' in spec)) continue;
    for (const [option, { label }] of Object.entries(spec.options)) {
      for (const lang of ['zh', 'en'] as const) {
        const read = statedAnswer(patterns.facts[f], normalizeText(label[lang]));
        if (read !== option) problems.push(`${f}: the ${lang} label of "${option}" ("${label[lang]}") reads as ${read ?? 'nothing'}`);
      }
    }
  }
  if (problems.length) throw new KnowledgeError('fact-patterns.yaml', problems);
  for (const p of PLATFORMS) patterns.platform[p] = compilePatterns(p, rawPlatform[p], problems);
  if (problems.length) throw new KnowledgeError('platform-patterns.yaml', problems);
  patterns.worked = compilePatterns('worked', rawOutcome.worked, problems);
  patterns.stillBroken = compilePatterns('still_broken', rawOutcome.still_broken, problems);
  patterns.tried = compilePatterns('tried', rawOutcome.tried, problems);
  patterns.trying = compilePatterns('trying', rawOutcome.trying, problems);
  patterns.skip = compilePatterns('skip', rawOutcome.skip, problems);
  if (problems.length) throw new KnowledgeError('outcome-patterns.yaml', problems);
  patterns.stillFails = compilePatterns('still_fails', rawReplies.still_fails, problems);
  patterns.anyReply = (['unknown', 'no', 'yes'] as const)
    .filter((a) => rawReplies.any[a])
    .map((answer) => ({ answer, patterns: compilePatterns(`any.${answer}`, rawReplies.any[answer] ?? [], problems) }));
  for (const [fact, r] of Object.entries(rawReplies.facts) as [FactId, (typeof rawReplies.facts)[keyof typeof rawReplies.facts]][]) {
    if (!r) continue;
    // "Can't test it" first (the most specific), then no, then yes, as in fact-patterns.yaml.
    const readings = (['unknown', 'no', 'yes'] as const)
      .filter((a) => r[a])
      .map((answer) => ({ answer, patterns: compilePatterns(`facts.${fact}.${answer}`, r[answer] ?? [], problems) }));
    patterns.replies[fact] = {
      readings,
      ...(r.still_fails ? { stillFails: r.still_fails } : {}),
      ...(r.works_now ? { worksNow: r.works_now } : {}),
    };
  }
  if (problems.length) throw new KnowledgeError('reply-patterns.yaml', problems);
  patterns.asksForPerson = compilePatterns('human', rawRequests.human, problems);
  if (problems.length) throw new KnowledgeError('request-patterns.yaml', problems);
  const faqQuestionCues = compilePatterns('questionCues', questionCues, problems);
  if (problems.length) throw new KnowledgeError('faqs.yaml', problems);

  return {
    causes,
    facts: factsFile.facts,
    platform: factsFile.platform,
    faqs,
    faqQuestionCues,
    messages,
    training,
    subcausePhrases,
    dictionary,
    negation,
    patterns,
    dialog,
    regionalWords,
  };
}

/** The thresholds in dialog.yaml alone (the evaluation commands need nothing else). */
export function loadDialogSettings(dir: string = defaultKnowledgeDir()): Knowledge['dialog'] {
  return readYaml(dir, 'dialog.yaml', dialogFileSchema);
}

/**
 * What the understanding is trained from: the phrases per label (a cause's own and its sub-causes'),
 * the phrases per sub-cause, and the segmenter's dictionary and negation words.
 */
export function loadTrainingData(
  dir: string = defaultKnowledgeDir(),
  causes: Knowledge['causes'] = readYaml(dir, 'causes.yaml', causesFileSchema).causes,
): Pick<Knowledge, 'training' | 'subcausePhrases' | 'dictionary' | 'negation'> {
  const training = {
    zh: readYaml(dir, 'training/zh.yaml', trainingFileSchema),
    en: readYaml(dir, 'training/en.yaml', trainingFileSchema),
  };
  const bySubcause = readYaml(dir, 'training/subcauses.yaml', subcausePhrasesFileSchema);
  const causeOf = causeOfSubcause(causes);
  const subProblems = [
    ...Object.keys(bySubcause)
      .filter((sub) => !causeOf.has(sub))
      .map((sub) => `${sub}: no such sub-cause in causes.yaml`),
    ...[...causeOf.keys()].filter((sub) => !bySubcause[sub]).map((sub) => `${sub}: this sub-cause of causes.yaml has no phrases`),
  ];
  if (subProblems.length) throw new KnowledgeError('training/subcauses.yaml', subProblems);
  const subcausePhrases = { zh: {}, en: {} } as Knowledge['subcausePhrases'];
  for (const [sub, phrases] of Object.entries(bySubcause)) {
    for (const lang of ['zh', 'en'] as const) {
      subcausePhrases[lang][sub] = phrases[lang];
      const cause = causeOf.get(sub)!;
      training[lang][cause] = [...training[lang][cause], ...phrases[lang]];
    }
  }
  const dictPath = path.join(dir, 'dictionary.txt');
  if (!existsSync(dictPath)) throw new KnowledgeError('dictionary.txt', ['the file is missing']);
  const dictionary = readFileSync(dictPath, 'utf8');
  const problems: string[] = [];
  dictionary.split('\n').forEach((line, i) => {
    if (line.trim() && !/^\S+( \d+)?( [a-z]+)?$/.test(line.trim()))
      problems.push(`line ${i + 1}: expected "word [frequency] [tag]", got "${line}"`);
  });
  if (problems.length) throw new KnowledgeError('dictionary.txt', problems);
  const negation = readYaml(dir, 'negation-words.yaml', negationWordsFileSchema);
  return { training, subcausePhrases, dictionary, negation };
}

/** The ids and numbers the dialog machine reasons with. */
export function dialogModelOf(k: Knowledge): DialogModel {
  const steps = {} as DialogModel['steps'];
  const priors = {} as DialogModel['priors'];
  const subcauses = {} as NonNullable<DialogModel['subcauses']>;
  for (const c of CAUSES) {
    priors[c] = k.causes[c].prior;
    steps[c] = k.causes[c].steps.map((s) => ({
      id: s.id,
      platformSpecific: s.platforms !== undefined,
      skipWhen: s.skipWhen,
      fixes: s.fixes,
    }));
    subcauses[c] = k.causes[c].subcauses.map(({ id, weight, platforms }) => ({ id, weight, platforms }));
  }
  const facts = {} as DialogModel['facts'];
  for (const f of FACT_IDS) {
    const spec = k.facts[f];
    const { cost, answerable, platforms } = spec;
    if ('options' in spec) {
      const options = Object.fromEntries(
        Object.entries(spec.options).map(([o, { likelihood, subcauses: bySubcause }]) => [o, { likelihood, bySubcause }]),
      ) as Record<ChoiceOption, AnswerLikelihood>;
      facts[f] = { options, cost, answerable, platforms };
    } else {
      facts[f] = { likelihood: spec.likelihood, bySubcause: spec.subcauses, cost, answerable, platforms };
    }
  }
  const { share, mismatch } = k.platform;
  return { priors, steps, subcauses, facts, platform: { share, mismatch }, settings: k.dialog };
}

export function stepText(k: Knowledge, cause: Cause, stepId: string, platform: Platform | undefined, lang: Lang): string | undefined {
  const step = k.causes[cause].steps.find((s) => s.id === stepId);
  if (!step) return undefined;
  if (step.text) return step.text[lang];
  if (!step.platforms) return undefined;
  if (platform) return step.platforms[platform][lang];
  // Platform not known: show each variant under its platform's name.
  return PLATFORMS.map((p) => `【${k.platform.options[p][lang]}】${step.platforms![p][lang]}`).join('\n');
}
