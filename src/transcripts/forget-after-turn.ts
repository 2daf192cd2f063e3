/**
 * "Delete my data" must also remove the transcript, but TranscriptLoggerMiddleware writes a turn's
 * activities only after the bot's logic has run — so the deletion waits until then. Registered
 * before (outside) the transcript logger, its code after `next()` runs after the logger's flush.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { StorageTranscriptStore } from './transcript-store';

const FORGET = Symbol('forgetTranscriptAfterTurn');

export function forgetTranscriptAfterTurn(context: TurnContext): void {
  context.turnState.set(FORGET, true);
}

export class ForgetTranscriptMiddleware implements Middleware {
  constructor(private readonly transcripts: StorageTranscriptStore) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await next();
    if (context.turnState.get(FORGET) === true) {
      await this.transcripts.deleteTranscript(context.activity.channelId, context.activity.conversation.id);
    }
  }
}
