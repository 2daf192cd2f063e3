/**
 * `npm start`'s default storage keeps conversations across a crash: the bot is started as its own
 * process on SQLite, holds two turns, is killed with SIGKILL, started again, and the conversation
 * goes on at the same question.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..');
let dataDir: string;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function startBot(): Promise<ChildProcess> {
  // One process (tsx as a loader, not its CLI wrapper), so SIGKILL really kills the bot.
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', path.join(root, 'src/index.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STORAGE: 'sqlite', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the bot did not start within 30 s');
}

async function say(text: string): Promise<{ questionId?: string; state: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      conversation: { id: 'restart-1' },
      from: { id: 'user-1' },
      recipient: { id: 'bot' },
      locale: 'zh-CN',
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  const body = (await res.json()) as { activities: { type: string; value?: { questionId?: string; state: string } }[] };
  return body.activities.find((a) => a.type === 'trace')!.value!;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'restart-'));
  port = await freePort();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('continues a conversation after the process is killed and started again', async () => {
  let bot = await startBot();
  try {
    const first = await say('微信连不上服务器');
    expect(first.questionId).toBeDefined();
    // A second turn: an FAQ, after which the same question is asked again.
    expect((await say('会丢聊天记录吗')).questionId).toBe(first.questionId);
    bot.kill('SIGKILL');
    await new Promise((r) => bot.once('exit', r));

    bot = await startBot();
    // Had the conversation been lost, this would be a fresh welcome with no open question.
    const after = await say('会丢聊天记录吗');
    expect(after.state).toBe('diagnosing.asking');
    expect(after.questionId).toBe(first.questionId);
  } finally {
    bot.kill('SIGKILL');
  }
}, 90_000);
