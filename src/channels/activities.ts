/**
 * Rendered bubbles and choices → Bot Framework activities, per channel. Most channels get the
 * choices as suggested actions. Teams shows at most three suggested actions and drops plain
 * Action.Submit string data, so there the question becomes an Adaptive Card (v1.5) whose buttons
 * carry an `msteams` messageBack: a click arrives as an ordinary message with the button's text.
 * Teams also renders at most six actions in one action set (its host config's maxActions), so a
 * question with more options ("what changed?") puts each button in an action set of its own.
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

const MAX_CARD_ACTIONS = 6;

/** An Adaptive Card with the text (one block per paragraph) and a button per choice. */
export function choiceCard(text: string, choices: Choice[]): Attachment {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph, i) => ({ type: 'TextBlock', text: paragraph, wrap: true, ...(i === 0 ? {} : { spacing: 'Medium' }) }));
  const buttons = choices.map((c) => ({
    type: 'Action.Submit',
    title: c.title,
    data: { msteams: { type: 'messageBack', text: c.value, displayText: c.title }, text: c.value },
  }));
  const card = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.5' };
  if (buttons.length <= MAX_CARD_ACTIONS) return CardFactory.adaptiveCard({ ...card, body: paragraphs, actions: buttons });
  return CardFactory.adaptiveCard({ ...card, body: [...paragraphs, ...buttons.map((b) => ({ type: 'ActionSet', actions: [b] }))] });
}
