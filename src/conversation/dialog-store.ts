/**
 * Persists each conversation's dialog in a botbuilder Storage, with optimistic concurrency:
 * a write carries the eTag it read, so a concurrent change is refused instead of overwritten.
 * (botbuilder's ConversationState writes with eTag "*", which would silently overwrite.)
 */
import type { Storage, StoreItem } from 'botbuilder';
import type { StoredDialog } from './dialog-engine';

interface DialogItem extends StoreItem {
  dialog: StoredDialog;
  updatedAt: string;
}

export interface Loaded {
  dialog?: StoredDialog;
  eTag?: string;
}

export class DialogStore {
  constructor(private readonly storage: Storage) {}

  static key(channelId: string, conversationId: string): string {
    return `dialog/${channelId}/${conversationId}`;
  }

  async load(key: string): Promise<Loaded> {
    const items = await this.storage.read([key]);
    const item = items[key] as DialogItem | undefined;
    return { dialog: item?.dialog, eTag: item?.eTag };
  }

  /** Writes the dialog; fails if someone else wrote since `eTag` was read (a new one has no eTag to match). */
  async save(key: string, dialog: StoredDialog, eTag: string | undefined): Promise<void> {
    const item: DialogItem = { dialog, updatedAt: new Date().toISOString(), eTag: eTag ?? '' };
    await this.storage.write({ [key]: item });
  }

  async delete(key: string): Promise<void> {
    await this.storage.delete([key]);
  }
}
