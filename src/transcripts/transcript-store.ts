/**
 * botbuilder's TranscriptStore on the project's storage layer (SQLite, Redis or memory), so the
 * agent desk and the contact-centre handoff read what TranscriptLoggerMiddleware wrote, on every
 * backend and across restarts.
 *
 * One item per conversation, appended with eTag retries. TranscriptLoggerMiddleware does not
 * await its writes, so appends to one conversation are chained here to keep their order.
 */
import type { Activity, PagedResult, Storage, StoreItem, TranscriptInfo, TranscriptStore } from 'botbuilder';

/** Enough for the longest support chat; the oldest lines go first beyond it. */
const MAX_ACTIVITIES = 1000;
const PAGE_SIZE = 100;
const MAX_ATTEMPTS = 5;

/** Only what a person would read: messages and handoff events, not typing indicators or traces. */
function worthKeeping(activity: Partial<Activity>): boolean {
  return activity.type === 'message' || activity.type === 'event';
}

interface TranscriptItem extends StoreItem {
  created: string;
  activities: Partial<Activity>[];
}

export class StorageTranscriptStore implements TranscriptStore {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly storage: Storage) {}

  static key(channelId: string, conversationId: string): string {
    return `transcript/${channelId}/${conversationId}`;
  }

  logActivity(activity: Activity): Promise<void> {
    if (!worthKeeping(activity) || !activity.channelId || !activity.conversation?.id) return Promise.resolve();
    const key = StorageTranscriptStore.key(activity.channelId, activity.conversation.id);
    const entry = JSON.parse(JSON.stringify(activity)) as Partial<Activity>;
    return this.inOrder(key, () => this.append(key, entry));
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const key = StorageTranscriptStore.key(channelId, conversationId);
    await this.tails.get(key);
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
    return this.inOrder(key, () => this.storage.delete([key]));
  }

  private inOrder(key: string, work: () => Promise<void>): Promise<void> {
    const run = (this.tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  private async append(key: string, entry: Partial<Activity>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const item = (await this.storage.read([key]))[key] as TranscriptItem | undefined;
      const activities = [...(item?.activities ?? []), entry].slice(-MAX_ACTIVITIES);
      const created = item?.created ?? new Date().toISOString();
      try {
        // A stale eTag (another replica appended meanwhile) is refused; read again and retry.
        await this.storage.write({ [key]: { created, activities, eTag: item?.eTag ?? '' } satisfies TranscriptItem });
        return;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
