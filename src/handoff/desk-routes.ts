/**
 * The agent desk over HTTP: a static page at /agent and a small JSON API under /agent/api, every
 * call behind AGENT_TOKEN (Bearer). No token configured: the desk is off and says so.
 * Live updates are Server-Sent Events read with fetch (EventSource cannot send the token).
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type restify from 'restify';
import { WEB_DIR } from '../channels/webchat/assets';
import type { Logger } from '../observability/logger';
import type { MessageBus } from '../storage/message-bus';
import { DESK_TOPIC, HandoffError, type HandoffService } from './handoff-service';

/** The desks' open event streams, so shutting down can end them (the HTTP server waits for every connection). */
export class DeskStreams {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}

export interface DeskDeps {
  handoff: HandoffService;
  token?: string;
  bus: MessageBus;
  streams: DeskStreams;
}

/** web/agent, or dist/web/agent in a build (the build copies web/ there). */
const DESK_DIR = path.join(WEB_DIR, 'agent');

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'desk.js': 'text/javascript; charset=utf-8',
  'desk.css': 'text/css; charset=utf-8',
};

const MAX_TEXT = 4000;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerDeskRoutes(server: restify.Server, { handoff, token, bus, streams }: DeskDeps, log: Logger): void {
  /** Answers 401 and returns false unless the request carries the desk's token. */
  const authorised = (req: restify.Request, res: restify.Response): boolean => {
    if (!token) {
      res.send(401, { error: { code: 'DeskDisabled', message: 'The agent desk is disabled: set AGENT_TOKEN on the server to open it.' } });
      return false;
    }
    const header = req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sameSecret(given, token)) {
      res.send(401, { error: { code: 'Unauthorized', message: 'A valid agent token is required (Authorization: Bearer <AGENT_TOKEN>).' } });
      return false;
    }
    return true;
  };

  /** Runs a desk action; its known refusals become their HTTP status with a JSON error. */
  const act = (work: (req: restify.Request) => Promise<unknown>) => async (req: restify.Request, res: restify.Response) => {
    if (!authorised(req, res)) return;
    try {
      res.send(200, (await work(req)) ?? { ok: true });
    } catch (error) {
      if (error instanceof HandoffError) {
        res.send(error.status, { error: { code: error.code, message: error.message } });
        return;
      }
      log.error('desk_failed', { path: req.path(), error });
      res.send(500, { error: { code: 'InternalError', message: 'The desk action failed.' } });
    }
  };

  const body = (req: restify.Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

  const text = (value: unknown, name: string, max = MAX_TEXT): string => {
    if (typeof value !== 'string' || !value.trim()) throw new HandoffError(400, 'BadArgument', `"${name}" must be a non-empty string.`);
    if (value.length > max) throw new HandoffError(400, 'BadArgument', `"${name}" must be at most ${max} characters.`);
    return value.trim();
  };

  const serveFile = (name: string) => async (_req: restify.Request, res: restify.Response) => {
    const file = path.join(DESK_DIR, name);
    if (!existsSync(file)) {
      res.send(404, { error: { code: 'NotFound', message: `The desk file ${name} is missing from this build.` } });
      return;
    }
    res.writeHead(200, { 'content-type': FILES[name], 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  };
  server.get('/agent', serveFile('index.html'));
  server.get('/agent/desk.js', serveFile('desk.js'));
  server.get('/agent/desk.css', serveFile('desk.css'));

  server.get(
    '/agent/api/queue',
    act(() => handoff.queue()),
  );
  server.get(
    '/agent/api/conversations/:id',
    act((req) => handoff.conversation(String(req.params.id))),
  );
  server.post(
    '/agent/api/conversations/:id/accept',
    act((req) => handoff.accept(String(req.params.id), text(body(req).agent, 'agent', 60))),
  );
  server.post(
    '/agent/api/conversations/:id/messages',
    act(async (req) => {
      await handoff.send(String(req.params.id), text(body(req).text, 'text'));
      return { ok: true };
    }),
  );
  server.post(
    '/agent/api/conversations/:id/close',
    act(async (req) => {
      await handoff.close(String(req.params.id));
      return { ok: true };
    }),
  );
  server.get(
    '/agent/api/outage',
    act(() => handoff.outageSetting()),
  );
  server.put(
    '/agent/api/outage',
    act(async (req) => {
      const b = body(req);
      const on = b.on === true;
      const notice = { on, zh: on ? text(b.zh, 'zh', 500) : String(b.zh ?? ''), en: on ? text(b.en, 'en', 500) : String(b.en ?? '') };
      await handoff.setOutage(notice);
      return notice;
    }),
  );

  // Live: everything the desk should hear about, as Server-Sent Events, until the agent leaves.
  server.get('/agent/api/events', async (req, res) => {
    if (!authorised(req, res)) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = bus.subscribe(DESK_TOPIC, (event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    const forget = streams.add(() => res.end());
    await new Promise<void>((resolve) => {
      req.on('close', resolve);
      res.on('close', resolve);
    });
    clearInterval(heartbeat);
    unsubscribe();
    forget();
  });
}
