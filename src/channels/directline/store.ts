/**
 * Direct Line conversations and their history. The watermark is the number of activities in a
 * conversation's history: a client that has seen `watermark` activities asks for the rest.
 * StorageDirectLineStore keeps it in the project's storage layer (the store assigns ids because
 * it alone knows an activity's position atomically). The bot's dialog state is kept apart, by
 * the turn itself.
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
}

/** An activity's id: the conversation and its position, as Azure's Direct Line does. */
export function activityId(conversationId: string, index: number): string {
  return `${conversationId}|${String(index).padStart(7, '0')}`;
}
