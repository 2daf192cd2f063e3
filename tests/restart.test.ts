/**
 * `npm start`'s default storage keeps conversations across a crash: the bot is started as its own
 * process on SQLite, holds two turns, is killed with SIGKILL, started again, and the conversation
 * goes on at the same question.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { say, startBot, type BotProcess } from './support/bot-process';

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'restart-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('continues a conversation after the process is killed and started again', async () => {
  const env = { DATA_DIR: dataDir, STORAGE: 'sqlite' };
  let bot: BotProcess = await startBot(env);
  try {
    const first = (await say(bot.port, 'restart-1', '微信连不上服务器')).trace;
    expect(first.questionId).toBeDefined();
    // A second turn: an FAQ, after which the same question is asked again.
    expect((await say(bot.port, 'restart-1', '会丢聊天记录吗')).trace.questionId).toBe(first.questionId);
    await bot.kill();

    bot = await startBot(env);
    // Had the conversation been lost, this would be a fresh welcome with no open question.
    const after = (await say(bot.port, 'restart-1', '会丢聊天记录吗')).trace;
    expect(after.state).toBe('diagnosing.asking');
    expect(after.questionId).toBe(first.questionId);
  } finally {
    await bot.kill();
  }
}, 90_000);
