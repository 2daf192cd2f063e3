/** Teams-shaped activities: mentions in channels, install greetings, Adaptive Card answers. */
import type { Activity } from 'botbuilder';
import { InProcessAdapter } from '../src/channels/in-process-adapter';
import { sharedTestApp } from './support/test-app';

const app = sharedTestApp();
const bot = { id: '28:bot-app-id', name: 'WeChat Helper' };
const user = { id: '29:user-aad', name: 'Li Lei', aadObjectId: 'aad-1' };

function teamsConversation(id: string, isGroup = true) {
  const sent: Partial<Activity>[] = [];
  const adapter = new InProcessAdapter((activities) => sent.push(...activities));
  const base = {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    conversation: { id, isGroup, conversationType: isGroup ? 'channel' : 'personal', tenantId: 'tenant-1' } as Activity['conversation'],
    recipient: bot,
    from: user,
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'zh-CN',
  };
  const send = async (activity: Partial<Activity>) => {
    sent.length = 0;
    await adapter.process({ ...base, ...activity }, (c) => app.bot.run(c));
    return {
      messages: sent.filter((a) => a.type === 'message'),
      trace: sent.find((a) => a.type === 'trace')?.value as Record<string, unknown>,
    };
  };
  return { send };
}

const mention = (text: string) => ({
  type: 'message',
  text: `<at>${bot.name}</at> ${text}`,
  entities: [{ type: 'mention', text: `<at>${bot.name}</at>`, mentioned: bot }],
});

type Card = {
  body: { text: string }[];
  actions: { type: string; title: string; data: { msteams: { type: string; text: string; displayText: string } } }[];
};
const cardOf = (m: Partial<Activity>) =>
  m.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Card | undefined;

describe('in Microsoft Teams', () => {
  it('reads a channel message without the @mention of the bot', async () => {
    const t = teamsConversation('19:channel-1@thread.tacv2');
    const { trace } = await t.send(mention('微信连不上服务器'));
    expect(trace.intent).toMatchObject({ label: 'unspecified' });
    expect(trace.questionId).toBeDefined();
  });

  it('asks with an Adaptive Card whose buttons send messageBack, not suggested actions', async () => {
    const t = teamsConversation('19:channel-2@thread.tacv2');
    const { messages } = await t.send(mention('微信连不上服务器'));
    const last = messages[messages.length - 1];
    expect(last.suggestedActions).toBeUndefined();
    const card = cardOf(last)!;
    expect(card.body.map((b) => b.text).join('\n')).toContain('其他App');
    expect(card.actions.map((a) => a.title)).toEqual(['是', '否', '不确定']);
    expect(card.actions[0]).toMatchObject({
      type: 'Action.Submit',
      data: { msteams: { type: 'messageBack', text: '是', displayText: '是' } },
    });
  });

  it('takes a card click (messageBack text, or only the submitted value) as the answer', async () => {
    const t = teamsConversation('a:personal-1', false);
    await t.send({ type: 'message', text: '微信连不上服务器' });
    const click = await t.send({ type: 'message', text: '不确定', value: { text: '不确定' } });
    expect(click.trace.intent).toMatchObject({ label: 'dont_know', confidence: 1 });
    const valueOnly = await t.send({ type: 'message', text: '', value: { text: '不确定' } });
    expect(valueOnly.trace.intent).toMatchObject({ label: 'dont_know' });
  });

  it('shows a fix step as a card with "worked / didn\'t work" buttons', async () => {
    const t = teamsConversation('a:personal-2', false);
    const { messages, trace } = await t.send({ type: 'message', text: '开着VPN 微信连不上服务器 别的app都能用' });
    expect(trace.stepId).toBeDefined();
    const card = cardOf(messages[messages.length - 1])!;
    expect(card.body.map((b) => b.text).join('\n')).toMatch(/第1步/);
    expect(card.actions.map((a) => a.title)).toEqual(['好了', '还是不行', '转人工']);
  });

  it('lists a question with more options than Teams shows in one row as one button per line, each sending messageBack', async () => {
    const t = teamsConversation('a:personal-4', false);
    await t.send({ type: 'message', text: '微信一直连不上服务器，别的app都正常' });
    await t.send({ type: 'message', text: '不知道' });
    await t.send({ type: 'message', text: '不清楚' });
    const { messages, trace } = await t.send({ type: 'message', text: '不知道' });
    expect(trace.questionId).toBe('recent_change');
    const card = cardOf(messages[messages.length - 1]) as unknown as {
      body: { type: string; actions?: Card['actions'] }[];
      actions?: unknown;
    };
    expect(card.actions).toBeUndefined();
    const rows = card.body.filter((b) => b.type === 'ActionSet');
    expect(rows.map((r) => r.actions!.length)).toEqual(Array(8).fill(1));
    const nothing = rows.map((r) => r.actions![0]).find((a) => a.title === '没什么变化')!;
    expect(nothing.data.msteams).toMatchObject({ type: 'messageBack', text: '没什么变化' });
    const click = await t.send({ type: 'message', text: '没什么变化', value: { text: '没什么变化' } });
    expect(click.trace.questionId).not.toBe('recent_change');
  });

  it('greets when the app is installed', async () => {
    const t = teamsConversation('a:personal-3', false);
    const { messages, trace } = await t.send({ type: 'installationUpdate', action: 'add' });
    expect(messages[0].text).toContain('微信连接小助手');
    expect(trace.state).toBe('welcome');
  });
});
