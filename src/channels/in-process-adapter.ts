/**
 * A Bot Framework adapter for conversations that live in this process (the terminal chat): an
 * activity goes through the same middleware and bot as over HTTP, and the bot's replies are
 * handed back to the caller instead of being posted to a channel.
 */
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

export class InProcessAdapter extends BotAdapter {
  private nextId = 1;

  constructor(private readonly deliver: (activities: Partial<Activity>[]) => void) {
    super();
  }

  async process(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, { id: `in-${this.nextId++}`, timestamp: new Date(), ...activity } as Activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.deliver(activities);
    return activities.map(() => ({ id: `out-${this.nextId++}` }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('the in-process channel cannot update sent activities');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('the in-process channel cannot delete sent activities');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.process(activity, logic);
  }
}
