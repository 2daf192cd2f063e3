/**
 * Direct Line history in the project's storage layer (SQLite, Redis or memory): one item per
 * conversation, appended with eTag retries. So a page reloaded after a restart, or served by
 * another replica, finds its conversation; the backend's own expiry (CONVERSATION_TTL_DAYS)
 * drops old ones.
 */
import type { Activity, Storage, StoreItem } from 'botbuilder';
import { ConversationLock } from '../../conversation/conversation-lock';
import { updateItem } from '../../storage/optimistic-update';
import { activityId, type DirectLineConversation, type DirectLineStore, type HistoryPage } from './store';

interface Item extends StoreItem {
  conversation: DirectLineConversation;
  history: Partial<Activity>[];
}

export class StorageDirectLineStore implements DirectLineStore {
  /** Appends to one conversation queue up in this process; eTags settle races between replicas. */
  private readonly order = new ConversationLock();

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
    return this.order.run(conversationId, async () => {
      let position = 0;
      // The eTag makes the position (and so the id and watermark) this writer's alone.
      const written = await updateItem<Item>(this.storage, StorageDirectLineStore.key(conversationId), (item) => {
        if (!item) throw new Error(`no Direct Line conversation ${conversationId}`);
        position = item.history.length;
        const stored = JSON.parse(JSON.stringify({ ...activity, id: activityId(conversationId, position) })) as Partial<Activity>;
        return { conversation: item.conversation, history: [...item.history, stored] };
      });
      return { id: activityId(conversationId, position), watermark: written!.history.length };
    });
  }

  async read(conversationId: string, watermark: number): Promise<HistoryPage> {
    const item = await this.item(conversationId);
    if (!item) throw new Error(`no Direct Line conversation ${conversationId}`);
    return { activities: item.history.slice(watermark), watermark: item.history.length };
  }
}
