/**
 * A stand-in for a channel's Bot Connector service: the bot posts its replies and proactive
 * messages to `serviceUrl`; this records them per conversation, as the user's screen would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export interface FakeConnector {
  url: string;
  /** Messages (with text) the user of this conversation has been sent so far. */
  messages(conversationId: string): string[];
  /** Every activity posted for this conversation. */
  activities(conversationId: string): Partial<Activity>[];
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const posted = new Map<string, Partial<Activity>[]>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method === 'POST' && m) {
        const conversation = decodeURIComponent(m[1]);
        const list = posted.get(conversation) ?? [];
        list.push(JSON.parse(body) as Partial<Activity>);
        posted.set(conversation, list);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sent-${++n}` }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    activities: (id) => posted.get(id) ?? [],
    messages: (id) => (posted.get(id) ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text as string),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
