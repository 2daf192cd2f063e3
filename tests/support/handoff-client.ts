/**
 * The two sides of a handoff as tests drive them over HTTP: a user on a channel (each message
 * POSTed to /api/messages as the channel would; replies go to the channel's serviceUrl) and an
 * agent on the desk API (with its token), including the desk's live Server-Sent Events.
 */
import type { Activity } from 'botbuilder';
import type { HandoffRecord } from '../../src/handoff/handoff-store';

/** A user of `conversationId` on `channelId`; returns the replies when the message asks for them (expectReplies). */
export function userOf(base: string, serviceUrl: string, conversationId: string, channelId = 'webchat') {
  return async (text: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m-${Math.random()}`,
        channelId,
        serviceUrl,
        from: { id: `user-${conversationId}`, name: 'User' },
        recipient: { id: 'bot', name: 'Bot' },
        conversation: { id: conversationId },
        locale: 'zh-CN',
        text,
        ...extra,
      }),
    });
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}`);
    const body = await res.text();
    return body ? ((JSON.parse(body) as { activities?: Partial<Activity>[] }).activities ?? []) : [];
  };
}

/** Any of the desk API's answers (each call reads the fields its route returns). */
export interface DeskReply {
  waiting: (HandoffRecord & { position: number })[];
  active: HandoffRecord[];
  transcript: Activity[];
  error: { code: string; message: string };
}

export function deskOf(base: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: DeskReply }> => {
    const res = await fetch(`${base}/agent/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as DeskReply };
  };
}

/** Collects the desk's Server-Sent Events until stopped. */
export function deskEvents(base: string, token: string) {
  const events: { type: string; id: string; text?: string }[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(`${base}/agent/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += Buffer.from(value).toString();
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const line = buffer
          .slice(0, cut)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buffer = buffer.slice(cut + 2);
        if (line) events.push(JSON.parse(line.slice(6)));
      }
    }
  })().catch(() => undefined);
  return { events, stop: () => (controller.abort(), done) };
}

/** Waits (up to ~3 s) until `check` holds. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 150 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}
