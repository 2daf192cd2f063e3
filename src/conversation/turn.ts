/**
 * One turn, top to bottom:
 *   activity in → understand → (one at a time per conversation) restore the dialog → send the
 *   events → render the machine's reply intents → persist the dialog → reply.
 * Replies are buffered and sent only after the dialog is saved, so a failed save sends nothing.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { TurnContext as Turn } from 'botbuilder';
import type { DialogEvent } from '../../dialogs/troubleshooting';
import type { Label, Lang, ReplyIntent } from '../../dialogs/types';
import { toActivities } from '../channels/activities';
import type { Renderer } from '../channels/render';
import type { HandoffPort } from '../handoff/handoff-service';
import { forgetTranscriptAfterTurn } from '../transcripts/forget-after-turn';
import type { MessageKey } from '../knowledge/schema';
import type { Logger } from '../observability/logger';
import { langOfLocale } from '../understanding/language';
import { hasHan } from '../understanding/normalize';
import type { Recognizer } from '../understanding/recognizer';
import type { TurnLock } from './conversation-lock';
import { ETagConflictError } from '../storage/sqlite-storage';
import type { DialogEngine, StoredDialog, TurnOutcome } from './dialog-engine';
import { DialogStore, type Loaded } from './dialog-store';
import { traceActivity, traceValue } from './trace';

export interface TurnDeps {
  recognizer: Recognizer;
  engine: DialogEngine;
  store: DialogStore;
  lock: TurnLock;
  renderer: Renderer;
  handoff: HandoffPort;
  log: Logger;
  maxMessageChars: number;
}

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };
const MAX_ATTEMPTS = 3;

/** A write refused because the item changed since it was read (our storages, and botbuilder's own). */
function isETagConflict(error: unknown): boolean {
  return error instanceof ETagConflictError || (error instanceof Error && /etag conflict/i.test(error.message));
}

/** The user's words: the text without an @mention of the bot, or the text a card button submitted. */
export function messageText(activity: Partial<Activity>): string {
  let text = typeof activity.text === 'string' ? activity.text : '';
  if (activity.entities?.length && activity.recipient?.id) {
    text = Turn.removeMentionText(activity as Activity, activity.recipient.id) ?? text;
  }
  const value = activity.value as { text?: unknown } | undefined;
  if (!text.trim() && value && typeof value.text === 'string') text = value.text;
  return text.trim();
}

function conversationKey(activity: Partial<Activity>): string {
  return DialogStore.key(activity.channelId ?? 'unknown', activity.conversation?.id ?? 'unknown');
}

export class TurnRunner {
  constructor(private readonly deps: TurnDeps) {}

  /** A user message. */
  async onMessage(context: TurnContext): Promise<void> {
    const { recognizer, engine, store, lock, maxMessageChars, log } = this.deps;
    const activity = context.activity;
    const text = messageText(activity);
    const locale = langOfLocale(activity.locale);
    const key = conversationKey(activity);
    // Understanding is pure CPU and needs no lock; the lock covers read → decide → write.
    const u = text && text.length <= maxMessageChars ? recognizer.understand(text) : undefined;
    await lock.run(key, async () => {
      const loaded = await store.load(key);
      if (!u) {
        // Nothing to understand (a sticker, an image, an empty or overlong message): say so, change nothing.
        const outcome = engine.peek(loaded.dialog);
        const lang = outcome.context.langSettled ? outcome.context.lang : (locale ?? outcome.context.lang);
        const notice: MessageKey = text ? 'too_long' : 'empty_message';
        await this.reply(context, outcome, lang, { label: 'out_of_scope', confidence: 0 }, [
          { type: 'message', text: this.deps.renderer.message(notice, lang), locale: LOCALE[lang] },
        ]);
        return;
      }
      const notice = await this.deps.handoff.outageNotice();
      const events: DialogEvent[] = [
        { type: 'NOTE', u, locale, outage: notice !== undefined },
        { type: 'USER', u },
      ];
      const outcome = await this.decideAndSave(key, loaded, (dialog) => engine.run(dialog, events));
      const replies = await this.carryOut(context, outcome);
      log.info('turn', {
        key,
        label: u.label,
        confidence: u.confidence,
        state: outcome.state,
        intents: outcome.intents.map((i) => i.type),
      });
      await this.reply(context, outcome, outcome.context.lang, u, replies);
    });
  }

  /**
   * An event from the agent's side (joined, left, nobody in time, platform failed) in a proactive
   * turn: the machine decides, the user is told. Undefined when the event changed nothing.
   */
  async onSystemEvent(context: TurnContext, event: DialogEvent): Promise<TurnOutcome | undefined> {
    const { engine, store, lock } = this.deps;
    const key = conversationKey(context.activity);
    return lock.run(key, async () => {
      const loaded = await store.load(key);
      const outcome = await this.decideAndSave(
        key,
        loaded,
        (dialog) => engine.run(dialog, [event]),
        (o) => o.intents.length > 0 || o.effects.length > 0,
      );
      if (outcome.intents.length === 0 && outcome.effects.length === 0) return undefined;
      const replies = await this.carryOut(context, outcome);
      await this.reply(context, outcome, outcome.context.lang, { label: 'human', confidence: 1 }, replies);
      return outcome;
    });
  }

  /** The turn's side effects beyond the dialog (handoff, data deletion), then the reply activities. */
  private async carryOut(context: TurnContext, outcome: TurnOutcome): Promise<Partial<Activity>[]> {
    const lang = outcome.context.lang;
    if (outcome.effects.some((e) => e.type === 'delete_conversation_data')) forgetTranscriptAfterTurn(context);
    const extra = await this.deps.handoff.apply(context, outcome);
    const notice = outcome.intents.some((i) => i.type === 'outage_notice') ? await this.deps.handoff.outageNotice() : undefined;
    const intents: ReplyIntent[] = [...outcome.intents, ...extra.intents];
    const rendered = this.deps.renderer.render(intents, lang, { notice });
    return [...toActivities(rendered, LOCALE[lang], context.activity.channelId), ...extra.activities];
  }

  /**
   * Runs the machine on the stored dialog and saves the result. If someone else saved the dialog
   * in between (an eTag conflict), the turn is decided again on the fresh dialog: nothing has
   * been sent yet, so the user still gets exactly one answer.
   */
  private async decideAndSave(
    key: string,
    first: Loaded,
    decide: (dialog: StoredDialog | undefined) => TurnOutcome,
    worthSaving: (outcome: TurnOutcome) => boolean = () => true,
  ): Promise<TurnOutcome> {
    let loaded = first;
    for (let attempt = 1; ; attempt++) {
      const outcome = decide(loaded.dialog);
      if (!worthSaving(outcome)) return outcome;
      try {
        if (outcome.effects.some((e) => e.type === 'delete_conversation_data')) await this.deps.store.delete(key);
        else await this.deps.store.save(key, outcome.stored, loaded.eTag);
        return outcome;
      } catch (error) {
        if (!isETagConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
        this.deps.log.warn('turn_retried', { key, attempt });
        loaded = await this.deps.store.load(key);
      }
    }
  }

  /** The conversation opened (the bot or the user joined): greet once. */
  async onConversationStart(context: TurnContext): Promise<void> {
    const { engine, store, lock } = this.deps;
    const key = conversationKey(context.activity);
    const locale = langOfLocale(context.activity.locale);
    await lock.run(key, async () => {
      const loaded = await store.load(key);
      // A repeated conversationUpdate changes nothing: no write (it could only race a message turn).
      const notice = await this.deps.handoff.outageNotice();
      const outcome = await this.decideAndSave(
        key,
        loaded,
        (dialog) => engine.run(dialog, [{ type: 'START', locale, outage: notice !== undefined }]),
        (o) => o.intents.length > 0,
      );
      const replies = await this.carryOut(context, outcome);
      await this.reply(context, outcome, outcome.context.lang, { label: 'greeting', confidence: 0 }, replies);
    });
  }

  /** Something went wrong mid-turn: apologise in the user's language; the saved dialog is untouched. */
  async onError(context: TurnContext, error: unknown): Promise<void> {
    this.deps.log.error('turn_failed', { key: conversationKey(context.activity), error });
    const lang = langOfLocale(context.activity.locale) ?? (hasHan(context.activity.text ?? '') ? 'zh' : 'en');
    await context.sendActivity({ type: 'message', text: this.deps.renderer.message('internal_error', lang), locale: LOCALE[lang] });
  }

  private async reply(
    context: TurnContext,
    outcome: TurnOutcome,
    lang: Lang,
    intent: { label: Label; confidence: number },
    replies: Partial<Activity>[],
  ): Promise<void> {
    const trace = traceActivity(traceValue(outcome.state, intent, outcome.ranking, outcome.intents));
    await context.sendActivities([...replies.map((r) => ({ ...r, locale: r.locale ?? LOCALE[lang] })), trace]);
  }
}
