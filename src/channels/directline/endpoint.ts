/**
 * The Direct Line endpoint put together: tokens, history, the channel, its routes and streams.
 * app.ts creates the authentication first (the CloudAdapter needs it), then attaches the rest
 * to the restify server.
 */
import type { AddressInfo } from 'node:net';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type restify from 'restify';
import type { Logger } from '../../observability/logger';
import type { MessageBus } from '../../storage/message-bus';
import { DirectLineChannel } from './channel';
import { DirectLineAuthentication } from './connector-auth';
import { registerDirectLineRoutes } from './routes';
import type { DirectLineStore } from './store';
import { DirectLineStreams } from './stream';
import { DirectLineTokens } from './tokens';

/** How this process reaches its own server: loopback when listening on every interface. */
export function loopbackBase(server: restify.Server | undefined): string | undefined {
  const address = server?.server.address() as AddressInfo | null | undefined;
  if (!address || typeof address !== 'object') return undefined;
  const host =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '[::1]'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
  return `http://${host}:${address.port}`;
}

export function createDirectLineAuthentication(
  inner: BotFrameworkAuthentication,
  tokens: DirectLineTokens,
  server: () => restify.Server | undefined,
): DirectLineAuthentication {
  return new DirectLineAuthentication(inner, { tokens, loopbackBase: () => loopbackBase(server()) });
}

export interface DirectLineEndpoint {
  channel: DirectLineChannel;
  store: DirectLineStore;
  tokens: DirectLineTokens;
  streams: DirectLineStreams;
  /** Closes the open streams. */
  close(): void;
}

export interface DirectLineOptions {
  server: restify.Server;
  adapter: CloudAdapter;
  auth: DirectLineAuthentication;
  tokens: DirectLineTokens;
  bus: MessageBus;
  logic: (context: TurnContext) => Promise<void>;
  appId: string;
  publicUrl?: string;
  log: Logger;
  store: DirectLineStore;
}

export function attachDirectLine(options: DirectLineOptions): DirectLineEndpoint {
  const { server, adapter, auth, tokens, bus, logic, appId, publicUrl, log, store } = options;
  const channel = new DirectLineChannel({
    store,
    tokens,
    bus,
    auth,
    adapter,
    logic,
    bot: { id: appId || 'wechat-connect-helper', name: 'WeChat connection helper' },
    appId,
    log,
  });
  registerDirectLineRoutes(server, channel, { publicUrl, log });
  const streams = new DirectLineStreams(channel, bus, log);
  streams.attach(server.server);
  return {
    channel,
    store,
    tokens,
    streams,
    close: () => streams.close(),
  };
}
