/** Starts the bot: `npm start`. Every fault at start-up says what to fix and exits non-zero. */
import { createApp } from './app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const app = createApp(config);
  // A networked backend (Redis) must answer before the bot takes traffic.
  await app.storage.ready?.().catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    throw error;
  });
  app.server.listen(config.PORT, config.HOST, () => {
    app.log.info('ready', {
      url: `http://localhost:${config.PORT}/api/messages`,
      chat: `http://localhost:${config.PORT}/`,
      auth: config.MicrosoftAppId ? 'on' : 'off (Emulator/local)',
      storage: app.storage.describe,
      startupMs: Date.now() - started,
    });
  });
  const stop = () => {
    // Open streams first: the HTTP server's close waits for every connection.
    app.endStreams();
    app.server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
