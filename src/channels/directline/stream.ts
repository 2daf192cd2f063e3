/**
 * A conversation's WebSocket stream (the streamUrl): first the activities after the URL's
 * watermark, then every new one as it is appended, as `{ activities, watermark }` frames.
 * New activities arrive on the message bus, so a stream may live on any replica.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../observability/logger';
import type { MessageBus } from '../../storage/message-bus';
import { parseWatermark, streamTopic, toFrame, type DirectLineChannel, type StreamFrame } from './channel';
import { DirectLineError } from './errors';
import { DIRECTLINE_PATH } from './routes';

const STREAM_PATH = new RegExp(`^${DIRECTLINE_PATH}/conversations/([^/]+)/stream$`);
const PING_MS = 30_000;

export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly channel: DirectLineChannel,
    private readonly bus: MessageBus,
    private readonly log: Logger,
  ) {
    // Proxies close idle connections; a ping now and then keeps the stream open and finds dead ones.
    this.ping = setInterval(() => {
      for (const socket of this.wss.clients) {
        const alive = socket as WebSocket & { alive?: boolean };
        if (alive.alive === false) socket.terminate();
        else {
          alive.alive = false;
          socket.ping();
        }
      }
    }, PING_MS);
    this.ping.unref();
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.upgrade(req, socket, head);
    });
  }

  /** Closes every open stream (before the HTTP server closes, which would wait for them). */
  close(): void {
    clearInterval(this.ping);
    for (const socket of this.wss.clients) socket.terminate();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) throw new DirectLineError(404, 'NotFound', 'No WebSocket here.');
      const conversationId = decodeURIComponent(match[1]);
      if (this.channel.streamConversation(url.searchParams.get('t') ?? '') !== conversationId) {
        throw new DirectLineError(403, 'Forbidden', 'The stream URL belongs to another conversation.');
      }
      const watermark = parseWatermark(url.searchParams.get('watermark'));
      // Listen before reading the backlog, so nothing appended in between is missed.
      const pending: StreamFrame[] = [];
      let ws: WebSocket | undefined;
      let sent = watermark;
      const forward = (frame: StreamFrame) => {
        if (frame.watermark !== undefined && Number(frame.watermark) <= sent) return;
        if (frame.watermark !== undefined) sent = Number(frame.watermark);
        const activities = toFrame({ activities: frame.activities, watermark: 0 }).activities;
        if (activities.length && ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ ...frame, activities }));
      };
      const unsubscribe = this.bus.subscribe(streamTopic(conversationId), (message) => {
        if (ws) forward(message as StreamFrame);
        else pending.push(message as StreamFrame);
      });
      let backlog;
      try {
        backlog = await this.channel.backlog(conversationId, watermark);
      } catch {
        unsubscribe();
        throw new DirectLineError(404, 'NotFound', 'There is no such conversation.');
      }
      this.wss.handleUpgrade(req, socket, head, (opened) => {
        ws = opened;
        (opened as WebSocket & { alive?: boolean }).alive = true;
        opened.on('pong', () => ((opened as WebSocket & { alive?: boolean }).alive = true));
        opened.on('close', unsubscribe);
        opened.on('error', () => opened.terminate());
        // Clients send empty pings; there is nothing to read.
        const first = toFrame(backlog);
        if (first.activities.length) opened.send(JSON.stringify(first));
        sent = Math.max(sent, backlog.watermark);
        for (const frame of pending.splice(0)) forward(frame);
      });
    } catch (error) {
      const e = error instanceof DirectLineError ? error : new DirectLineError(500, 'ServiceError', 'The stream could not be opened.');
      if (!(error instanceof DirectLineError)) this.log.error('directline_stream_failed', { error });
      const body = JSON.stringify({ error: { code: e.code, message: e.message } });
      socket.end(
        `HTTP/1.1 ${e.status} ${e.code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  }
}
