/**
 * The bot as its own process, as `npm start` runs it (tsx as a loader, not its CLI wrapper, so
 * SIGKILL really kills the bot), and a user talking to it over HTTP in expectReplies mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './ports';

const root = path.join(__dirname, '../..');

export interface BotProcess {
  port: number;
  child: ChildProcess;
  /** SIGKILL, and wait for the process to be gone. */
  kill(): Promise<void>;
}

export async function startBot(env: Record<string, string>, port?: number): Promise<BotProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', path.join(root, 'src/index.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`the bot exited with code ${child.exitCode} at start-up`);
    const ok = await fetch(`http://127.0.0.1:${p}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { port: p, child, kill };
    await new Promise((r) => setTimeout(r, 200));
  }
  await kill();
  throw new Error('the bot did not start within 30 s');
}

export interface Trace {
  state: string;
  questionId?: string;
  intent: { label: string };
}

export interface Reply {
  texts: string[];
  trace: Trace;
}

/** One user message in conversation `conversationId`; the bot's replies (and trace, if any) come back in the response body. */
export async function send(port: number, conversationId: string, text: string, locale = 'zh-CN'): Promise<Partial<Reply>> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      conversation: { id: conversationId },
      from: { id: `user-${conversationId}` },
      recipient: { id: 'bot' },
      locale,
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  if (!res.ok) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { activities: { type: string; text?: string; name?: string; value?: Trace }[] };
  const trace = body.activities.find((a) => a.type === 'trace' && a.name === 'troubleshooting')?.value;
  return { texts: body.activities.filter((a) => a.type === 'message').map((a) => a.text ?? ''), trace };
}

/** A turn the bot completed: replies and its troubleshooting trace. */
export async function say(port: number, conversationId: string, text: string, locale = 'zh-CN'): Promise<Reply> {
  const reply = await send(port, conversationId, text, locale);
  if (!reply.trace) throw new Error(`no troubleshooting trace among the replies ${JSON.stringify(reply.texts)}`);
  return reply as Reply;
}
