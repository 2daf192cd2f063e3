/**
 * The chat page: GET / (web/index.html), its files under /webchat/, and POST /api/webchat/token,
 * which gives the page a Direct Line token for a new conversation (the secret stays here).
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type restify from 'restify';
import type { Logger } from '../../observability/logger';
import type { DirectLineChannel } from '../directline/channel';
import { BUNDLE_NAME, bundlePath, readAsset, WEB_DIR, type Asset } from './assets';

const PAGE_FILES = ['app.js', 'i18n.js', 'style.css', 'logo.svg'];

/** The page allows only its own scripts, Web Chat's inline styles and its own Direct Line. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
].join('; ');

interface Served extends Asset {
  gzipped?: Buffer;
}

export function registerWebChatRoutes(server: restify.Server, channel: DirectLineChannel, log: Logger): void {
  // Read once, on first request; the 4 MB bundle is also kept gzipped (about a quarter of the size).
  const cache = new Map<string, Served>();
  const load = (name: string): Served | undefined => {
    let served = cache.get(name);
    if (served) return served;
    const file = name === BUNDLE_NAME ? bundlePath() : path.join(WEB_DIR, name);
    if (!file) return undefined;
    try {
      served = readAsset(file);
    } catch {
      return undefined;
    }
    if (served.body.length > 1024) served.gzipped = gzipSync(served.body);
    cache.set(name, served);
    return served;
  };

  const send = (req: restify.Request, res: restify.Response, name: string, cacheControl: string) => {
    const asset = load(name);
    if (!asset) {
      log.error('webchat_asset_missing', { name, webDir: WEB_DIR });
      res.send(503, { error: { code: 'ServiceUnavailable', message: `The chat page's file ${name} is missing: run npm run build.` } });
      return;
    }
    const gzip = asset.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzipped! : asset.body;
    res.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': body.length,
      'Cache-Control': cacheControl,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      ...(name === 'index.html' ? { 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer' } : {}),
    });
    res.end(body);
  };

  server.get('/', async (req, res) => send(req, res, 'index.html', 'no-cache'));
  server.get('/webchat/:file', async (req, res) => {
    const name = String(req.params.file);
    if (name !== BUNDLE_NAME && !PAGE_FILES.includes(name)) {
      res.send(404, { error: { code: 'NotFound', message: 'No such file.' } });
      return;
    }
    send(req, res, name, name === BUNDLE_NAME ? 'public, max-age=86400' : 'no-cache');
  });

  server.post('/api/webchat/token', async (_req, res) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, channel.generateToken({ kind: 'secret' }, {}));
  });
}
