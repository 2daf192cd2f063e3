/**
 * Handing a conversation to a person and back, on every channel.
 *
 * The machine decides (its effects say "a person is wanted", "pass this on", "cancelled"); this
 * service carries it out: the desk's queue with a summary, or the handoff.initiate event to a
 * contact-centre platform; agents' replies as proactive messages through the adapter; the agent's
 * side (joined, left, nobody in time) fed back to the machine as events in proactive turns.
 */
import { EventFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { DialogEvent } from '../../dialogs/troubleshooting';
import type { ReplyIntent } from '../../dialogs/types';
import type { Config } from '../config';
import type { TurnOutcome } from '../conversation/dialog-engine';
import type { Knowledge } from '../knowledge/load';
import type { Logger } from '../observability/logger';
import type { MessageBus } from '../storage/message-bus';
import type { StorageTranscriptStore } from '../transcripts/transcript-store';
import { HandoffStore, type HandoffRecord, type OutageNotice } from './handoff-store';
import { buildSummary, summaryText } from './summary';

/** What the desk hears about, live (the bus topic `desk`). */
export type DeskEvent =
  | { type: 'queued' | 'cancelled' | 'accepted' | 'closed' | 'timed_out' | 'message_left' | 'deleted'; id: string; at: number }
  | { type: 'user_message' | 'agent_message'; id: string; text: string; at: number; agent?: string };

export const DESK_TOPIC = 'desk';

/** The part of the service a turn needs. */
export interface HandoffPort {
  /** Staff's outage notice, when it is on. */
  outageNotice(): Promise<OutageNotice | undefined>;
  /** Carries out the turn's handoff effects; returns what to add to the reply. */
  apply(context: TurnContext, outcome: TurnOutcome): Promise<{ intents: ReplyIntent[]; activities: Partial<Activity>[] }>;
}

/** Sends a proactive turn into a conversation (CloudAdapter.continueConversationAsync). */
export type Proactive = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;
/** Runs the machine on an agent-side event in a proactive turn and replies (TurnRunner.onSystemEvent). */
export type SystemTurn = (context: TurnContext, event: DialogEvent) => Promise<TurnOutcome | undefined>;

export interface HandoffDeps {
  config: Pick<Config, 'HANDOFF_MODE' | 'HANDOFF_TIMEOUT_S'>;
  knowledge: Knowledge;
  store: HandoffStore;
  transcripts: StorageTranscriptStore;
  bus: MessageBus;
  log: Logger;
  proactive: Proactive;
  systemTurn: SystemTurn;
}

export class HandoffError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OUTAGE_CACHE_MS = 2000;

export class HandoffService implements HandoffPort {
  private outageCache?: { at: number; notice: OutageNotice };
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly deps: HandoffDeps) {}

  /** Checks the waiting line for time-outs now and then (often enough for the configured wait). */
  start(): void {
    const every = Math.max(250, Math.min(5000, (this.deps.config.HANDOFF_TIMEOUT_S * 1000) / 4));
    this.sweeper = setInterval(
      () => void this.sweep().catch((error: unknown) => this.deps.log.warn('handoff_sweep_failed', { error })),
      every,
    );
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  async outageNotice(): Promise<OutageNotice | undefined> {
    const now = Date.now();
    if (!this.outageCache || now - this.outageCache.at > OUTAGE_CACHE_MS) {
      this.outageCache = { at: now, notice: await this.deps.store.outage() };
    }
    return this.outageCache.notice.on ? this.outageCache.notice : undefined;
  }

  /** The notice as staff last set it, on or off. */
  async outageSetting(): Promise<OutageNotice> {
    return this.deps.store.outage();
  }

  async setOutage(notice: OutageNotice): Promise<void> {
    await this.deps.store.setOutage(notice);
    this.outageCache = { at: Date.now(), notice };
  }

  async apply(context: TurnContext, outcome: TurnOutcome): Promise<{ intents: ReplyIntent[]; activities: Partial<Activity>[] }> {
    const { store } = this.deps;
    const activity = context.activity;
    const id = HandoffStore.idOf(activity.channelId, activity.conversation.id);
    const intents: ReplyIntent[] = [];
    const activities: Partial<Activity>[] = [];
    const now = Date.now();
    for (const effect of outcome.effects) {
      switch (effect.type) {
        case 'handoff_requested': {
          // Teams answers handoff.initiate with HTTP 400: there the desk takes over whatever the mode.
          const platform = this.deps.config.HANDOFF_MODE === 'platform' && activity.channelId !== 'msteams';
          const record: HandoffRecord = {
            id,
            channelId: activity.channelId,
            conversationId: activity.conversation.id,
            reference: TurnContext.getConversationReference(activity),
            mode: platform ? 'platform' : 'desk',
            status: 'waiting',
            requestedAt: now,
            summary: buildSummary(this.deps.knowledge, outcome.context, outcome.ranking),
          };
          await store.update(id, () => record);
          if (platform) {
            activities.push(await this.initiation(context, record));
          } else {
            await store.waiting.add(id, now);
            await this.publish({ type: 'queued', id, at: now });
          }
          this.deps.log.info('handoff_requested', { id, mode: record.mode });
          break;
        }
        case 'handoff_cancelled':
          await store.update(id, (r) => (r && r.status !== 'closed' ? { ...r, status: 'closed', closedAt: now } : undefined));
          await Promise.all([store.waiting.remove(id), store.active.remove(id)]);
          await this.publish({ type: 'cancelled', id, at: now });
          break;
        case 'relay_to_agent':
          await this.publish({ type: 'user_message', id, text: effect.text, at: now });
          break;
        case 'leave_message':
          await store.update(id, (r) => (r ? { ...r, summary: { ...r.summary, leftMessage: effect.text } } : undefined));
          await this.publish({ type: 'message_left', id, at: now });
          break;
        case 'csat_recorded':
          this.deps.log.info('csat', { id, score: effect.score, by: effect.by });
          if (effect.by === 'agent') await store.update(id, (r) => (r ? { ...r, rating: effect.score } : undefined));
          await store.recordRating(id, { score: effect.score, by: effect.by, at: now });
          break;
        case 'delete_conversation_data':
          await store.delete(id);
          await this.publish({ type: 'deleted', id, at: now });
          break;
      }
    }
    // Whoever waits in the desk's line is told their place whenever the bot speaks to them.
    const waitingReply = outcome.intents.some(
      (i) => i.type === 'handoff_start' || i.type === 'handoff_waiting' || i.type === 'message_left',
    );
    if (waitingReply && activities.length === 0) {
      const position = await store.waiting.position(id);
      if (position !== undefined) intents.push({ type: 'queue_position', position });
    }
    return { intents, activities };
  }

  /** The Bot Framework handoff event for a contact-centre platform: the summary, and the transcript so far. */
  private async initiation(context: TurnContext, record: HandoffRecord): Promise<Partial<Activity>> {
    const logged = await this.deps.transcripts.all(record.channelId, record.conversationId);
    const activities = [...logged, context.activity].filter((a, i, all) => !a.id || all.findIndex((b) => b.id === a.id) === i);
    const handoffContext = { summary: record.summary, text: summaryText(record.summary), language: record.summary.lang };
    return EventFactory.createHandoffInitiation(context, handoffContext, { activities });
  }

  // ——— the platform's side ———

  /** A `handoff.status` event from the contact-centre platform. */
  async onPlatformStatus(context: TurnContext): Promise<void> {
    const value = (context.activity.value ?? {}) as { state?: unknown; message?: unknown; agent?: unknown };
    const id = HandoffStore.idOf(context.activity.channelId, context.activity.conversation.id);
    const now = Date.now();
    const agent =
      typeof value.agent === 'string'
        ? value.agent
        : this.deps.knowledge.messages.messages.agent_fallback_name[langOf(await this.deps.store.get(id))];
    switch (value.state) {
      case 'accepted':
        await this.deps.store.update(id, (r) => (r ? { ...r, status: 'active', acceptedAt: now, agent } : undefined));
        await this.deps.systemTurn(context, { type: 'AGENT_JOINED', agent });
        break;
      case 'failed':
        await this.deps.store.update(id, (r) => (r ? { ...r, status: 'closed', closedAt: now } : undefined));
        await this.deps.systemTurn(context, { type: 'HANDOFF_FAILED' });
        break;
      case 'completed':
        await this.deps.store.update(id, (r) => (r ? { ...r, status: 'closed', closedAt: now } : undefined));
        await this.deps.systemTurn(context, { type: 'AGENT_LEFT' });
        break;
      default:
        this.deps.log.warn('handoff_status_unknown', { id, state: value.state });
    }
  }

  // ——— the desk's side ———

  async queue(): Promise<{ waiting: (HandoffRecord & { position: number })[]; active: HandoffRecord[] }> {
    const { store } = this.deps;
    const [waiting, active] = await Promise.all([store.waiting.list(), store.active.list()]);
    const records = async (ids: string[]) => (await Promise.all(ids.map((id) => store.get(id)))).filter((r): r is HandoffRecord => !!r);
    const w = await records(waiting.map((e) => e.id));
    return { waiting: w.map((r, i) => ({ ...r, position: i + 1 })), active: await records(active.map((e) => e.id)) };
  }

  async conversation(id: string): Promise<{ record: HandoffRecord; transcript: Activity[] }> {
    const record = await this.require(id);
    return { record, transcript: await this.deps.transcripts.all(record.channelId, record.conversationId) };
  }

  /** An agent takes a waiting conversation; only one agent can. */
  async accept(id: string, agent: string): Promise<HandoffRecord> {
    const { store } = this.deps;
    const record = await this.require(id);
    if (!(await store.waiting.remove(id)))
      throw new HandoffError(
        409,
        'NotWaiting',
        'This conversation is not waiting any more (taken by another agent, or the user cancelled).',
      );
    const now = Date.now();
    const accepted = await store.update(id, (r) => (r ? { ...r, status: 'active', acceptedAt: now, agent } : undefined));
    await store.active.add(id, now);
    let outcome: TurnOutcome | undefined;
    try {
      outcome = await this.intoConversation(record, { type: 'AGENT_JOINED', agent });
    } catch (error) {
      // The user could not be told: they are still waiting, in their old place.
      await store.active.remove(id);
      await store.update(id, (r) => (r ? { ...r, status: 'waiting', acceptedAt: undefined, agent: undefined } : undefined));
      await store.waiting.add(id, record.requestedAt);
      throw error;
    }
    if (outcome && !outcome.state.startsWith('handoff.connected')) {
      // The user left the queue in the same moment: nothing to take.
      await store.active.remove(id);
      throw new HandoffError(409, 'NotWaiting', 'The user is no longer waiting for an agent.');
    }
    await this.publish({ type: 'accepted', id, at: now });
    return accepted ?? record;
  }

  async send(id: string, text: string): Promise<void> {
    const record = await this.require(id);
    if (record.status !== 'active') throw new HandoffError(409, 'NotActive', 'Accept the conversation before writing to the user.');
    await this.reach(record, async (context) => {
      await context.sendActivity({
        type: 'message',
        text,
        textFormat: 'plain',
        locale: record.summary.lang === 'zh' ? 'zh-CN' : 'en-US',
        // Marks the line as the agent's in the transcript (channels ignore unknown channelData).
        channelData: { handoffAgent: record.agent },
      });
    });
    await this.publish({ type: 'agent_message', id, text, agent: record.agent, at: Date.now() });
  }

  /** The agent is done: the bot takes the conversation back and asks for a rating. */
  async close(id: string): Promise<void> {
    const record = await this.require(id);
    if (record.status !== 'active') throw new HandoffError(409, 'NotActive', 'Only a conversation an agent has can be closed.');
    const now = Date.now();
    await this.deps.store.update(id, (r) => (r ? { ...r, status: 'closed', closedAt: now } : undefined));
    await this.deps.store.active.remove(id);
    await this.intoConversation(record, { type: 'AGENT_LEFT' });
    await this.publish({ type: 'closed', id, at: now });
  }

  /** Tells users who waited too long that nobody is free (once each; a replica that loses the race skips). */
  async sweep(now = Date.now()): Promise<number> {
    const limit = this.deps.config.HANDOFF_TIMEOUT_S * 1000;
    let told = 0;
    for (const entry of await this.deps.store.waiting.list()) {
      if (now - entry.since < limit) break;
      const marked = await this.deps.store.update(entry.id, (r) =>
        r && r.status === 'waiting' && !r.timeoutNotified ? { ...r, timeoutNotified: true } : undefined,
      );
      if (!marked) continue;
      await this.intoConversation(marked, { type: 'HANDOFF_TIMEOUT' });
      await this.publish({ type: 'timed_out', id: entry.id, at: now });
      told++;
    }
    return told;
  }

  private async intoConversation(record: HandoffRecord, event: DialogEvent): Promise<TurnOutcome | undefined> {
    let outcome: TurnOutcome | undefined;
    await this.reach(record, async (context) => {
      outcome = await this.deps.systemTurn(context, event);
    });
    return outcome;
  }

  /** A proactive turn in the user's conversation; a channel that cannot be reached is the desk's 502. */
  private async reach(record: HandoffRecord, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.deps.proactive(record.reference, logic);
    } catch (error) {
      this.deps.log.error('handoff_proactive_failed', { id: record.id, error });
      throw new HandoffError(502, 'ChannelUnreachable', "The user's channel could not be reached; try again in a moment.");
    }
  }

  private async require(id: string): Promise<HandoffRecord> {
    const record = await this.deps.store.get(id);
    if (!record) throw new HandoffError(404, 'NotFound', 'No such handoff conversation.');
    return record;
  }

  private async publish(event: DeskEvent): Promise<void> {
    await this.deps.bus.publish(DESK_TOPIC, event);
  }
}

function langOf(record: HandoffRecord | undefined): 'zh' | 'en' {
  return record?.summary.lang ?? 'zh';
}
