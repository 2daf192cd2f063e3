/**
 * Rendered bubbles and choices → Bot Framework activities, per channel. Most channels get the
 * choices as suggested actions. Teams shows at most three suggested actions and drops plain
 * Action.Submit string data, so there the question becomes an Adaptive Card (v1.5) whose buttons
 * carry an `msteams` messageBack: a click arrives as an ordinary message with the button's text.
 */
import { ActionTypes, CardFactory, type Activity, type Attachment } from 'botbuilder';
import type { Choice, Rendered } from './render';

export function toActivities(rendered: Rendered, locale: string, channelId = ''): Partial<Activity>[] {
  return rendered.bubbles.map((bubble, i) => {
    const last = i === rendered.bubbles.length - 1;
    if (last && rendered.choices.length && channelId === 'msteams') {
      return { type: 'message', locale, attachments: [choiceCard(bubble.text, rendered.choices)] };
    }
    const activity: Partial<Activity> = { type: 'message', text: bubble.text, textFormat: 'plain', locale };
    if (last && rendered.choices.length) {
      activity.suggestedActions = {
        to: [],
        actions: rendered.choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.value })),
      };
    }
    return activity;
  });
}

/** An Adaptive Card with the text (one block per paragraph) and a button per choice. */
export function choiceCard(text: string, choices: Choice[]): Attachment {
  return CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body: text
      .split(/\n{2,}/)
      .map((paragraph, i) => ({ type: 'TextBlock', text: paragraph, wrap: true, ...(i === 0 ? {} : { spacing: 'Medium' }) })),
    actions: choices.map((c) => ({
      type: 'Action.Submit',
      title: c.title,
      data: { msteams: { type: 'messageBack', text: c.value, displayText: c.title }, text: c.value },
    })),
  });
}
