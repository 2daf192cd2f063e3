/**
 * Direct Line 3.0's REST routes (the subset botframework-directlinejs and Web Chat use) and the
 * Bot Connector routes the bot's own ConnectorClient calls for Direct Line conversations.
 * Every failure is a Direct Line error body; nothing a client sends can crash a handler.
 */
import type restify from 'restify';
import type { Logger } from '../../observability/logger';
import { parseWatermark, type DirectLineChannel } from './channel';
import { CONNECTOR_PATH } from './connector-auth';
import { DirectLineError, sendError } from './errors';

export const DIRECTLINE_PATH = '/v3/directline';

/** The externally visible base URL: PUBLIC_URL, else what the request was sent to. */
export function publicBase(req: restify.Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : req.isSecure() ? 'https' : 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

type Handler = (req: restify.Request) => Promise<{ status: number; body: unknown }>;

function handle(log: Logger, work: Handler): restify.RequestHandler {
  return async (req: restify.Request, res: restify.Response) => {
    try {
      const { status, body } = await work(req);
      res.send(status, body);
    } catch (error) {
      if (error instanceof DirectLineError) {
        sendError(res, error);
        return;
      }
      log.error('directline_failed', { path: req.path(), error });
      sendError(res, new DirectLineError(500, 'ServiceError', 'Something went wrong; please try again.'));
    }
  };
}

const query = (req: restify.Request) => new URLSearchParams(req.getQuery());

export function registerDirectLineRoutes(
  server: restify.Server,
  channel: DirectLineChannel,
  options: { publicUrl?: string; log: Logger },
): void {
  const { log } = options;
  const base = (req: restify.Request) => publicBase(req, options.publicUrl);
  const caller = (req: restify.Request) => channel.authorize(req.headers.authorization);
  const p = DIRECTLINE_PATH;

  server.post(
    `${p}/tokens/generate`,
    handle(log, async (req) => ({ status: 200, body: channel.generateToken(caller(req), req.body) })),
  );
  server.post(
    `${p}/tokens/refresh`,
    handle(log, async (req) => ({ status: 200, body: channel.refreshToken(caller(req)) })),
  );
  server.post(
    `${p}/conversations`,
    handle(log, async (req) => {
      const { created, info } = await channel.startConversation(caller(req), req.body, base(req));
      return { status: created ? 201 : 200, body: info };
    }),
  );
  server.get(
    `${p}/conversations/:conversationId`,
    handle(log, async (req) => {
      const watermark = parseWatermark(query(req).get('watermark'));
      return { status: 200, body: await channel.reconnect(caller(req), req.params.conversationId, watermark, base(req)) };
    }),
  );
  server.post(
    `${p}/conversations/:conversationId/activities`,
    handle(log, async (req) => ({ status: 200, body: await channel.postActivity(caller(req), req.params.conversationId, req.body) })),
  );
  server.get(
    `${p}/conversations/:conversationId/activities`,
    handle(log, async (req) => {
      const watermark = parseWatermark(query(req).get('watermark'));
      return { status: 200, body: await channel.history(caller(req), req.params.conversationId, watermark) };
    }),
  );
  server.post(
    `${p}/conversations/:conversationId/upload`,
    handle(log, async (req) => {
      caller(req);
      throw new DirectLineError(400, 'BadArgument', 'This bot reads text only: files cannot be uploaded.');
    }),
  );

  // The Bot Connector API, as far as the adapter uses it: send to a conversation, reply to an activity.
  const connector = (req: restify.Request) => {
    channel.authorizeConnector(req.headers.authorization);
    return channel.fromBot(req.params.conversationId, req.body, req.params.activityId);
  };
  server.post(
    `${CONNECTOR_PATH}/v3/conversations/:conversationId/activities`,
    handle(log, async (req) => ({ status: 200, body: await connector(req) })),
  );
  server.post(
    `${CONNECTOR_PATH}/v3/conversations/:conversationId/activities/:activityId`,
    handle(log, async (req) => ({ status: 200, body: await connector(req) })),
  );
}
