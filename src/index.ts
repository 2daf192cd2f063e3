/** Starts the bot: `npm start`. Every fault at start-up says what to fix and exits non-zero. */
import { createApp } from './app';
import { loadConfig } from './config';

function main(): void {
  const started = Date.now();
  const config = loadConfig();
  const app = createApp(config);
  app.server.listen(config.PORT, config.HOST, () => {
    app.log.info('ready', {
      url: `http://localhost:${config.PORT}/api/messages`,
      chat: `http://localhost:${config.PORT}/`,
      auth: config.MicrosoftAppId ? 'on' : 'off (Emulator/local)',
      startupMs: Date.now() - started,
    });
  });
  const stop = () => {
    // Open Direct Line streams first: the HTTP server's close waits for every connection.
    app.directLine.close();
    app.server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
