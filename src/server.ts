/**
 * HTTP routes. Protocol garbage (no JSON object, no activity type) gets a 400 with a JSON error
 * before it reaches botbuilder, which would answer such a request with a 500.
 */
import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { TroubleshootingBot } from './bot';
import { registerDeskRoutes, type DeskDeps } from './handoff/desk-routes';
import type { Logger } from './observability/logger';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: TroubleshootingBot;
  log: Logger;
  health: () => Record<string, unknown>;
  desk: DeskDeps;
}

export function createServer({ adapter, bot, log, health, desk }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'wechat-connect-helper', handleUncaughtExceptions: false });
  // Activities are small (attachments travel as URLs); the web page makes this server public-facing.
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, {
        error: { code: 'BadArgument', message: 'The request body must be a Bot Framework activity: a JSON object with a "type".' },
      });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      log.error('process_failed', { error });
      if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The bot could not process this activity.' } });
    }
  });

  registerDeskRoutes(server, desk, log);

  server.get('/healthz', async (_req, res) => {
    const state = health();
    // A replica that lost its shared storage takes no traffic until it is back (readiness probes, load balancers).
    if (state.storageConnected === false) res.send(503, { status: 'storage unavailable', ...state });
    else res.send(200, { status: 'ok', ...state });
  });

  server.on(
    'restifyError',
    (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number; body?: { code?: string } }, next: () => void) => {
      log.warn('http_error', { path: req.path(), status: err.statusCode, message: err.message });
      // Restify's own errors (unparsable JSON, unknown route) in the same shape as ours and Direct Line's.
      Object.assign(err, { toJSON: () => ({ error: { code: err.body?.code ?? err.name, message: err.message } }) });
      next();
    },
  );
  return server;
}
