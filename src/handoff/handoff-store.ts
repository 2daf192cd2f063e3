/**
 * Handoff requests and their assignment, in the project's storage layer: a record per conversation
 * (key-value, changed with eTags so two agents or two replicas never both win), the waiting line
 * and the list of conversations agents have, and staff's outage notice.
 */
import type { ConversationReference, Storage, StoreItem } from 'botbuilder';
import { updateItem } from '../storage/optimistic-update';
import type { WaitQueue } from '../storage/wait-queue';
import type { HandoffSummary } from './summary';

export interface HandoffRecord {
  id: string;
  channelId: string;
  conversationId: string;
  /** Where proactive messages go: the channel's serviceUrl and the conversation. */
  reference: Partial<ConversationReference>;
  mode: 'desk' | 'platform';
  status: 'waiting' | 'active' | 'closed';
  requestedAt: number;
  acceptedAt?: number;
  closedAt?: number;
  agent?: string;
  timeoutNotified?: boolean;
  summary: HandoffSummary;
  rating?: number;
}

export interface Rating {
  score: number;
  by: 'bot' | 'agent';
  at: number;
}

export interface OutageNotice {
  on: boolean;
  zh: string;
  en: string;
}

const OUTAGE_KEY = 'settings/outage-notice';

export class HandoffStore {
  constructor(
    private readonly storage: Storage,
    /** Conversations waiting for an agent, longest-waiting first. */
    readonly waiting: WaitQueue,
    /** Conversations an agent has, by when they were accepted. */
    readonly active: WaitQueue,
  ) {}

  /** An opaque, URL-safe id for a conversation (Teams conversation ids hold ':' and ';'). */
  static idOf(channelId: string, conversationId: string): string {
    return Buffer.from(`${channelId}\n${conversationId}`).toString('base64url');
  }

  private static key(id: string): string {
    return `handoff/${id}`;
  }

  async get(id: string): Promise<HandoffRecord | undefined> {
    const item = (await this.storage.read([HandoffStore.key(id)]))[HandoffStore.key(id)] as (HandoffRecord & StoreItem) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...record } = item;
    return record;
  }

  /**
   * Changes a record with optimistic concurrency: `change` sees the current record and returns the
   * new one, or undefined to leave it as it is. Returns what was written (undefined: nothing).
   */
  async update(id: string, change: (current: HandoffRecord | undefined) => HandoffRecord | undefined): Promise<HandoffRecord | undefined> {
    return updateItem(this.storage, HandoffStore.key(id), change);
  }

  /** Forgets the conversation entirely ("delete my data"). */
  async delete(id: string): Promise<void> {
    await Promise.all([this.storage.delete([HandoffStore.key(id), `csat/${id}`]), this.waiting.remove(id), this.active.remove(id)]);
  }

  /** A satisfaction score, kept beside the conversation (and removed with it on "delete my data"). */
  async recordRating(id: string, rating: Rating): Promise<void> {
    await updateItem<{ ratings: Rating[] }>(this.storage, `csat/${id}`, (item) => ({ ratings: [...(item?.ratings ?? []), rating] }));
  }

  async ratings(id: string): Promise<Rating[]> {
    const key = `csat/${id}`;
    const item = (await this.storage.read([key]))[key] as { ratings?: Rating[] } | undefined;
    return item?.ratings ?? [];
  }

  async outage(): Promise<OutageNotice> {
    const item = (await this.storage.read([OUTAGE_KEY]))[OUTAGE_KEY] as (OutageNotice & StoreItem) | undefined;
    return { on: item?.on === true, zh: item?.zh ?? '', en: item?.en ?? '' };
  }

  async setOutage(notice: OutageNotice): Promise<void> {
    await this.storage.write({ [OUTAGE_KEY]: { ...notice, eTag: '*' } });
  }
}
