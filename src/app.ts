/**
 * The composition root: config → knowledge → understanding → dialog → storage → bot → adapter →
 * server. index.ts starts it; tests build it with their own config and storage.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TranscriptLoggerMiddleware,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Storage,
} from 'botbuilder';
import type restify from 'restify';
import { createTroubleshootingMachine } from '../dialogs/troubleshooting';
import { TroubleshootingBot } from './bot';
import { attachDirectLine, createDirectLineAuthentication, type DirectLineEndpoint } from './channels/directline/endpoint';
import { directLineSecret } from './channels/directline/secret';
import { StorageDirectLineStore } from './channels/directline/storage-store';
import { DirectLineTokens } from './channels/directline/tokens';
import { registerWebChatRoutes } from './channels/webchat/routes';
import { Renderer } from './channels/render';
import { TypingIndicator } from './channels/typing-indicator';
import type { Config } from './config';
import { DialogEngine } from './conversation/dialog-engine';
import { DialogStore } from './conversation/dialog-store';
import { TurnRunner } from './conversation/turn';
import { DeskStreams } from './handoff/desk-routes';
import { HandoffService } from './handoff/handoff-service';
import { HandoffStore } from './handoff/handoff-store';
import { dialogModelOf, loadKnowledge, type Knowledge } from './knowledge/load';
import { createLogger, type Logger } from './observability/logger';
import { createServer } from './server';
import { createStorage, memoryBackend, type StorageBackend } from './storage/create-storage';
import { ForgetTranscriptMiddleware } from './transcripts/forget-after-turn';
import { StorageTranscriptStore } from './transcripts/transcript-store';
import { NaturalRecognizer, type Recognizer } from './understanding/recognizer';

export interface App {
  config: Config;
  storage: StorageBackend;
  /** Stops timers and closes storage. */
  close(): Promise<void>;
  /** Ends open streams (Direct Line, the desk's live events): call before closing the HTTP server. */
  endStreams(): void;
  knowledge: Knowledge;
  recognizer: Recognizer;
  turns: TurnRunner;
  handoff: HandoffService;
  transcripts: StorageTranscriptStore;
  bot: TroubleshootingBot;
  adapter: CloudAdapter;
  server: restify.Server;
  directLine: DirectLineEndpoint;
  log: Logger;
}

export interface AppOptions {
  knowledge?: Knowledge;
  recognizer?: Recognizer;
  storage?: Storage;
  log?: Logger;
}

export function createApp(config: Config, options: AppOptions = {}): App {
  const started = Date.now();
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const knowledge = options.knowledge ?? loadKnowledge(config.KNOWLEDGE_DIR);
  const recognizer = options.recognizer ?? new NaturalRecognizer(knowledge);
  const model = dialogModelOf(knowledge);
  const engine = new DialogEngine(createTroubleshootingMachine(model), model);
  const storage: StorageBackend = options.storage ? memoryBackend(options.storage, 'provided') : createStorage(config, log);
  const expire = () => storage.expire().catch((error: unknown) => log.warn('expire_failed', { error }));
  void expire();
  const expiry = setInterval(expire, 3600_000);
  expiry.unref();
  const lock = storage.lock;
  const transcripts = new StorageTranscriptStore(storage.storage);
  // The handoff service and the turn runner call each other (a turn queues a handoff; an agent's
  // action runs a turn), so the service reaches the adapter and the runner through closures.
  const handoff: HandoffService = new HandoffService({
    config,
    knowledge,
    store: new HandoffStore(storage.storage, storage.queue('handoff-waiting'), storage.queue('handoff-active')),
    transcripts,
    bus: storage.bus,
    log,
    proactive: (reference, logic) => adapter.continueConversationAsync(config.MicrosoftAppId, reference, logic),
    systemTurn: (context, event) => turns.onSystemEvent(context, event),
  });
  const turns: TurnRunner = new TurnRunner({
    recognizer,
    engine,
    store: new DialogStore(storage.storage),
    lock,
    renderer: new Renderer(knowledge),
    handoff,
    log,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
  });
  const bot = new TroubleshootingBot(turns, handoff);

  const dlSecret = directLineSecret(config);
  log.info('directline_secret', { source: dlSecret.source });
  const directLineTokens = new DirectLineTokens(dlSecret.secret);
  // The connector needs the server's address; the server needs the adapter: filled in below.
  const listening: { server?: restify.Server } = {};
  // The Bot Framework's authentication, except for Direct Line conversations, which this server serves itself.
  const auth = createDirectLineAuthentication(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    } as ConfigurationBotFrameworkAuthenticationOptions),
    directLineTokens,
    () => listening.server,
  );
  const adapter = new CloudAdapter(auth);
  // A typing indicator if a turn takes longer than half a second (most take a few milliseconds).
  adapter.use(new TypingIndicator(500, 2000, log));
  // Outside the transcript logger: "delete my data" removes the transcript after the logger's last write.
  adapter.use(new ForgetTranscriptMiddleware(transcripts));
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  adapter.onTurnError = async (context, error) => {
    log.error('turn_error', { error });
    await turns.onError(context, error);
  };

  const deskStreams = new DeskStreams();
  const readyMs = Date.now() - started;
  const trainingPhrases = Object.values(knowledge.training).reduce((sum, byLabel) => sum + Object.values(byLabel).flat().length, 0);
  const server = createServer({
    adapter,
    bot,
    log,
    desk: { handoff, token: config.AGENT_TOKEN, bus: storage.bus, streams: deskStreams },
    health: () => ({
      knowledge: 'loaded',
      model: 'trained',
      storage: config.STORAGE,
      storageConnected: storage.connected?.() ?? true,
      trainingPhrases,
      readyMs,
      conversationsBusy: lock.size,
    }),
  });
  listening.server = server;
  const directLine = attachDirectLine({
    server,
    adapter,
    auth,
    tokens: directLineTokens,
    bus: storage.bus,
    logic: (context) => bot.run(context),
    appId: config.MicrosoftAppId,
    publicUrl: config.PUBLIC_URL,
    log,
    // History in the storage layer: it survives restarts and is shared by replicas.
    store: new StorageDirectLineStore(storage.storage),
  });
  registerWebChatRoutes(server, directLine.channel, log);
  handoff.start();
  if (!config.AGENT_TOKEN && config.HANDOFF_MODE === 'desk') {
    log.warn('agent_desk_disabled', {
      fix: 'set AGENT_TOKEN to open the agent desk at /agent; until then requests for a person wait unanswered',
    });
  }
  const close = async () => {
    handoff.stop();
    clearInterval(expiry);
    directLine.close();
    await storage.close();
  };
  /** Ends the long-lived connections (Direct Line streams, desk events) so the HTTP server can close. */
  const endStreams = () => {
    directLine.close();
    deskStreams.closeAll();
  };
  return { config, storage, close, endStreams, knowledge, recognizer, turns, handoff, transcripts, bot, adapter, server, directLine, log };
}
