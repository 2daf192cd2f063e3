/**
 * Talk to the bot in a terminal: `npm run chat` (add `-- --trace` to see each turn's trace,
 * `-- --lang en` to start in English). Same knowledge, understanding, machine and turn as the server.
 */
import readline from 'node:readline';
import type { Activity } from 'botbuilder';
import { createApp } from './app';
import { InProcessAdapter } from './channels/in-process-adapter';
import { loadConfig } from './config';

function printActivity(a: Partial<Activity>, showTrace: boolean): void {
  if (a.type === 'trace') {
    if (showTrace) console.log(`  \x1b[2m[trace] ${JSON.stringify(a.value)}\x1b[0m`);
    return;
  }
  if (a.type !== 'message') return;
  console.log(`\x1b[36mbot>\x1b[0m ${a.text ?? ''}`);
  const actions = a.suggestedActions?.actions ?? [];
  if (actions.length) console.log(`     \x1b[2m[${actions.map((x) => x.title).join(' | ')}]\x1b[0m`);
}

async function main(): Promise<void> {
  const showTrace = process.argv.includes('--trace');
  const locale = process.argv.includes('--lang') && process.argv[process.argv.indexOf('--lang') + 1] === 'en' ? 'en-US' : 'zh-CN';
  const app = createApp({ ...loadConfig(), LOG_LEVEL: 'silent' });
  await app.storage.ready?.();
  const adapter = new InProcessAdapter((activities) => activities.forEach((a) => printActivity(a, showTrace)));
  const conversation = { id: `terminal-${Date.now()}`, isGroup: false, conversationType: 'personal', name: 'terminal' };
  const user = { id: 'terminal-user', name: 'you', role: 'user' };
  const bot = { id: 'bot', name: 'WeChat helper', role: 'bot' };
  const base = { channelId: 'terminal', serviceUrl: 'terminal://', conversation, recipient: bot, locale } as const;

  await adapter.process({ ...base, type: 'conversationUpdate', from: user, membersAdded: [user] }, (c) => app.bot.run(c));
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '\x1b[33myou>\x1b[0m ' });
  rl.prompt();
  for await (const line of rl) {
    if (['/quit', '/exit'].includes(line.trim())) break;
    await adapter.process({ ...base, type: 'message', from: user, text: line }, (c) => app.bot.run(c));
    rl.prompt();
  }
  rl.close();
  // Open Redis connections would keep the process alive.
  await app.close();
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
