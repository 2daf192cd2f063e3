/** Rendered bubbles and choices → Bot Framework activities: text, with the choices as suggested actions. */
import { ActionTypes, type Activity } from 'botbuilder';
import type { Rendered } from './render';

export function toActivities(rendered: Rendered, locale: string): Partial<Activity>[] {
  return rendered.bubbles.map((bubble, i) => {
    const activity: Partial<Activity> = { type: 'message', text: bubble.text, textFormat: 'plain', locale };
    const last = i === rendered.bubbles.length - 1;
    if (last && rendered.choices.length) {
      activity.suggestedActions = {
        to: [],
        actions: rendered.choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.value })),
      };
    }
    return activity;
  });
}
