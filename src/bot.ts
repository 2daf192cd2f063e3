/** The Bot Framework face of the bot: which activities start a turn, and what a failed turn says. */
import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { TurnRunner } from './conversation/turn';
import type { HandoffService } from './handoff/handoff-service';

export class TroubleshootingBot extends ActivityHandler {
  constructor(
    private readonly turns: TurnRunner,
    handoff: HandoffService,
  ) {
    super();
    // A contact-centre platform in front of the bot reports on the handoff (HANDOFF_MODE=platform).
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'handoff.status') await this.guard(context, () => handoff.onPlatformStatus(context));
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.guard(context, () => turns.onMessage(context));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== botId)) {
        await this.guard(context, () => turns.onConversationStart(context));
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.guard(context, () => turns.onConversationStart(context));
      await next();
    });
  }

  private async guard(context: TurnContext, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      await this.turns.onError(context, error);
    }
  }
}
