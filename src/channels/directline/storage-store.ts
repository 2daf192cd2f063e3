/**
 * Direct Line history in the project's storage layer (SQLite, Redis or memory): one item per
 * conversation, appended with eTag retries. So a page reloaded after a restart, or served by
 * another replica, finds its conversation; the backend's own expiry (CONVERSATION_TTL_DAYS)
 * drops old ones.
 */
import type { Activity, Storage, StoreItem } from 'botbuilder';
import { activityId, type DirectLineConversation, type DirectLineStore, type HistoryPage } from './store';

interface Item extends StoreItem {
  conversation: DirectLineConversation;
  history: Partial<Activity>[];
}

const MAX_ATTEMPTS = 8;

export class StorageDirectLineStore implements DirectLineStore {
  /** Appends to one conversation queue up in this process; eTags settle races between replicas. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly storage: Storage) {}

  private static key(conversationId: string): string {
    return `directline/${conversationId}`;
  }

  private async item(conversationId: string): Promise<Item | undefined> {
    const key = StorageDirectLineStore.key(conversationId);
    return (await this.storage.read([key]))[key] as Item | undefined;
  }

  async create(conversation: DirectLineConversation): Promise<boolean> {
    if (await this.item(conversation.id)) return false;
    await this.storage.write({ [StorageDirectLineStore.key(conversation.id)]: { conversation, history: [], eTag: '' } satisfies Item });
    return true;
  }

  async get(conversationId: string): Promise<DirectLineConversation | undefined> {
    return (await this.item(conversationId))?.conversation;
  }

  append(conversationId: string, activity: Partial<Activity>): Promise<{ id: string; watermark: number }> {
    const run = (this.tails.get(conversationId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.appendNow(conversationId, activity));
    const tail = run.catch(() => undefined);
    this.tails.set(conversationId, tail);
    void tail.then(() => {
      if (this.tails.get(conversationId) === tail) this.tails.delete(conversationId);
    });
    return run;
  }

  private async appendNow(conversationId: string, activity: Partial<Activity>): Promise<{ id: string; watermark: number }> {
    const key = StorageDirectLineStore.key(conversationId);
    for (let attempt = 1; ; attempt++) {
      const item = await this.item(conversationId);
      if (!item) throw new Error(`no Direct Line conversation ${conversationId}`);
      const id = activityId(conversationId, item.history.length);
      const history = [...item.history, JSON.parse(JSON.stringify({ ...activity, id })) as Partial<Activity>];
      try {
        // The eTag makes the position (and so the id and watermark) this writer's alone.
        await this.storage.write({ [key]: { conversation: item.conversation, history, eTag: item.eTag } satisfies Item });
        return { id, watermark: history.length };
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async read(conversationId: string, watermark: number): Promise<HistoryPage> {
    const item = await this.item(conversationId);
    if (!item) throw new Error(`no Direct Line conversation ${conversationId}`);
    return { activities: item.history.slice(watermark), watermark: item.history.length };
  }
}
