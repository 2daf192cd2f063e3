/** "Delete my data" on the default backend: the bot, started as `npm start` would, removes the row from its SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { startBot, type BotProcess } from '../support/bot-process';
import { deleteMyData } from './support/delete-data';

let dataDir: string;
let bot: BotProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'delete-data-'));
  bot = await startBot({ STORAGE: 'sqlite', DATA_DIR: dataDir, LOG_LEVEL: 'error' });
}, 90_000);
afterAll(async () => {
  await bot?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

it('deletes the conversation from the SQLite file on "delete my data", and says so', async () => {
  // A second reader of the bot's file, as an operator's sqlite3 would be (WAL mode allows it).
  const file = new SqliteStorage(path.join(dataDir, 'bot.sqlite'));
  try {
    await deleteMyData([bot.port], 'delete-sqlite', async (key) => key in (await file.read([key])));
  } finally {
    file.close();
  }
});
