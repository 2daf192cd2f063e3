/**
 * Direct Line conversations and their history. The watermark is the number of activities in a
 * conversation's history: a client that has seen `watermark` activities asks for the rest.
 * The history lives in this process for now; the interface is what a Redis-backed store would
 * implement (the store assigns ids because it alone knows an activity's position atomically).
 * The bot's dialog state is not kept here: it is persisted by the bot's own storage layer.
 */
import type { Activity } from 'botbuilder';

export interface DirectLineConversation {
  id: string;
  /** The one user of the conversation (Web Chat's user id). */
  userId: string;
  /** Where the bot sends its replies: this server's connector routes. */
  serviceUrl: string;
  locale?: string;
  createdAt: number;
}

export interface HistoryPage {
  activities: Partial<Activity>[];
  /** What to ask for next time: the number of activities in the history so far. */
  watermark: number;
}

export interface DirectLineStore {
  /** Stores a new conversation; false (and no change) when one with that id exists. */
  create(conversation: DirectLineConversation): Promise<boolean>;
  get(conversationId: string): Promise<DirectLineConversation | undefined>;
  /** Appends an activity to an existing conversation, setting its id; returns the id and the new watermark. */
  append(conversationId: string, activity: Partial<Activity>): Promise<{ id: string; watermark: number }>;
  /** The activities after `watermark` (all of them from 0). */
  read(conversationId: string, watermark: number): Promise<HistoryPage>;
  /** Drops conversations untouched since `before` (epoch ms); returns how many. */
  expire(before: number): Promise<number>;
}

/** An activity's id: the conversation and its position, as Azure's Direct Line does. */
export function activityId(conversationId: string, index: number): string {
  return `${conversationId}|${String(index).padStart(7, '0')}`;
}

interface Entry {
  conversation: DirectLineConversation;
  history: Partial<Activity>[];
  touched: number;
}

export class MemoryDirectLineStore implements DirectLineStore {
  private readonly conversations = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(conversation: DirectLineConversation): Promise<boolean> {
    if (this.conversations.has(conversation.id)) return false;
    this.conversations.set(conversation.id, { conversation: { ...conversation }, history: [], touched: this.now() });
    return true;
  }

  async get(conversationId: string): Promise<DirectLineConversation | undefined> {
    const entry = this.conversations.get(conversationId);
    return entry && { ...entry.conversation };
  }

  async append(conversationId: string, activity: Partial<Activity>): Promise<{ id: string; watermark: number }> {
    const entry = this.entry(conversationId);
    const id = activityId(conversationId, entry.history.length);
    // A copy: later changes by the caller must not rewrite history.
    entry.history.push(structuredClone({ ...activity, id }));
    entry.touched = this.now();
    return { id, watermark: entry.history.length };
  }

  async read(conversationId: string, watermark: number): Promise<HistoryPage> {
    const entry = this.entry(conversationId);
    entry.touched = this.now();
    return { activities: structuredClone(entry.history.slice(watermark)), watermark: entry.history.length };
  }

  async expire(before: number): Promise<number> {
    let dropped = 0;
    for (const [id, entry] of this.conversations) {
      if (entry.touched < before) {
        this.conversations.delete(id);
        dropped++;
      }
    }
    return dropped;
  }

  private entry(conversationId: string): Entry {
    const entry = this.conversations.get(conversationId);
    if (!entry) throw new Error(`no Direct Line conversation ${conversationId}`);
    return entry;
  }
}
