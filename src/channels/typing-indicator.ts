/**
 * "The bot is typing…" when a turn takes longer than `delay` (waiting for the conversation's lock
 * on a busy replica, say). botbuilder's ShowTypingMiddleware is not used because a typing send
 * that fails after the turn ended makes it touch the revoked turn context, an unhandled rejection
 * that kills the process, and one that fails during the turn ends in onTurnError, which tells the
 * user the turn failed. Here a failed typing indicator is only logged: it is a courtesy.
 */
import { ActivityTypes, DeliveryModes, TurnContext, type Middleware } from 'botbuilder';
import type { Logger } from '../observability/logger';

export class TypingIndicator implements Middleware {
  constructor(
    private readonly delay: number,
    private readonly period: number,
    private readonly log: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    // With expectReplies the replies travel in the HTTP response; a typing activity has nowhere to go.
    if (activity.type !== ActivityTypes.Message || activity.deliveryMode === DeliveryModes.ExpectReplies) return next();
    // Everything the timer needs, taken now: the context is revoked once the turn ends.
    const adapter = context.adapter;
    const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, TurnContext.getConversationReference(activity));
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const schedule = (after: number) => {
      timer = setTimeout(() => {
        if (finished) return;
        adapter.sendActivities(context, [typing]).then(
          () => {
            if (!finished) schedule(this.period);
          },
          (error: unknown) => this.log.warn('typing_failed', { error: (error as Error).message }),
        );
      }, after);
    };
    schedule(this.delay);
    try {
      await next();
    } finally {
      finished = true;
      clearTimeout(timer);
    }
  }
}
