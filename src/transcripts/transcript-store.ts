/**
 * botbuilder's TranscriptStore on the project's storage layer (SQLite, Redis or memory), so the
 * agent desk and the contact-centre handoff read what TranscriptLoggerMiddleware wrote, on every
 * backend and across restarts.
 *
 * One item per conversation, appended with eTag retries. TranscriptLoggerMiddleware does not
 * await its writes, so appends to one conversation are chained here to keep their order.
 */
import type { Activity, PagedResult, Storage, StoreItem, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { ConversationLock } from '../conversation/conversation-lock';
import { updateItem } from '../storage/optimistic-update';

/** Enough for the longest support chat; the oldest lines go first beyond it. */
const MAX_ACTIVITIES = 1000;
const PAGE_SIZE = 100;

/** Only what a person would read: messages and handoff events, not typing indicators or traces. */
function worthKeeping(activity: Partial<Activity>): boolean {
  return activity.type === 'message' || activity.type === 'event';
}

interface TranscriptItem extends StoreItem {
  created: string;
  activities: Partial<Activity>[];
}

export class StorageTranscriptStore implements TranscriptStore {
  /** Writes to one transcript, one at a time and in the order they were logged. */
  private readonly order = new ConversationLock();

  constructor(private readonly storage: Storage) {}

  static key(channelId: string, conversationId: string): string {
    return `transcript/${channelId}/${conversationId}`;
  }

  logActivity(activity: Activity): Promise<void> {
    if (!worthKeeping(activity) || !activity.channelId || !activity.conversation?.id) return Promise.resolve();
    const key = StorageTranscriptStore.key(activity.channelId, activity.conversation.id);
    const entry = JSON.parse(JSON.stringify(activity)) as Partial<Activity>;
    return this.order.run(key, () => this.append(key, entry));
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const key = StorageTranscriptStore.key(channelId, conversationId);
    // Whatever was logged before this read is in it.
    await this.order.run(key, async () => undefined);
    const item = (await this.storage.read([key]))[key] as TranscriptItem | undefined;
    let activities = (item?.activities ?? []) as Activity[];
    if (startDate) activities = activities.filter((a) => !a.timestamp || new Date(a.timestamp) >= startDate);
    const from = Number(continuationToken ?? 0) || 0;
    const items = activities.slice(from, from + PAGE_SIZE);
    return { items, continuationToken: from + PAGE_SIZE < activities.length ? String(from + PAGE_SIZE) : '' };
  }

  /** Every activity of a conversation, oldest first. */
  async all(channelId: string, conversationId: string): Promise<Activity[]> {
    const out: Activity[] = [];
    let token: string | undefined;
    do {
      const page = await this.getTranscriptActivities(channelId, conversationId, token);
      out.push(...page.items);
      token = page.continuationToken;
    } while (token);
    return out;
  }

  /**
   * Not offered: a key-value store cannot list its keys, and an index of every conversation would
   * be one hot, ever-growing item. Transcripts are read by conversation (the desk knows which).
   */
  async listTranscripts(): Promise<PagedResult<TranscriptInfo>> {
    throw new Error('StorageTranscriptStore cannot list transcripts; read one with getTranscriptActivities(channelId, conversationId).');
  }

  /** Queued behind the conversation's pending appends, so nothing logged before it survives it. */
  deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    const key = StorageTranscriptStore.key(channelId, conversationId);
    return this.order.run(key, () => this.storage.delete([key]));
  }

  private async append(key: string, entry: Partial<Activity>): Promise<void> {
    await updateItem<TranscriptItem>(this.storage, key, (item) => ({
      created: item?.created ?? new Date().toISOString(),
      activities: [...(item?.activities ?? []), entry].slice(-MAX_ACTIVITIES),
    }));
  }
}
