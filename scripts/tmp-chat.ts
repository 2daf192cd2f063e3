import { TestAdapter, type Activity } from 'botbuilder';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
async function main() {
  const app = createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', STORAGE: 'memory' }));
  const adapter = new TestAdapter(async (c) => app.bot.run(c), { conversation: { id: 'x' } } as Partial<Activity>, true);
  adapter.locale = process.env.LOC ?? 'zh-CN';
  const user = { id: 'u', name: 'U' };
  const show = () => {
    for (const a of adapter.activeQueue.splice(0)) {
      if (a.type === 'message') console.log('  bot:', (a.text ?? '').replace(/\n+/g, ' ⏎ ').slice(0, 160));
      if (a.type === 'trace') console.log('  trace:', JSON.stringify({ ...(a.value as object), ranking: undefined }));
    }
  };
  await adapter.processActivity({ type: 'conversationUpdate', membersAdded: [user], from: user, locale: adapter.locale });
  show();
  for (const t of process.argv.slice(2)) {
    console.log('user:', t);
    await adapter.processActivity({ type: 'message', text: t, from: user, locale: adapter.locale });
    show();
  }
}
void main();
