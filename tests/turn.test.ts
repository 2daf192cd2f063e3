/** One turn's guarantees: nothing is sent before the dialog is saved, and a conversation's turns run one at a time. */
import { MemoryStorage, type Activity, type StoreItems } from 'botbuilder';
import { InProcessAdapter } from '../src/channels/in-process-adapter';
import { loadKnowledge } from '../src/knowledge/load';
import { NaturalRecognizer } from '../src/understanding/recognizer';
import { testApp } from './support/test-app';

const knowledge = loadKnowledge();
const recognizer = new NaturalRecognizer(knowledge);

function conversation(app: ReturnType<typeof testApp>, id: string) {
  const sent: Partial<Activity>[] = [];
  const adapter = new InProcessAdapter((activities) => sent.push(...activities));
  const user = { id: 'u1', name: 'User' };
  const say = (text: string) =>
    adapter.process(
      {
        type: 'message',
        text,
        channelId: 'test',
        serviceUrl: 'test://',
        conversation: { id } as Activity['conversation'],
        from: user,
        recipient: { id: 'bot', name: 'Bot' },
        locale: 'zh-CN',
      },
      (c) => app.bot.run(c),
    );
  const traces = () =>
    sent.filter((a) => a.type === 'trace').map((a) => a.value as { state: string; questionId?: string; intent: { label: string } });
  return { say, sent, traces };
}

/** A storage whose writes can be made to fail. */
class FlakyStorage extends MemoryStorage {
  failWrites = false;
  override async write(changes: StoreItems): Promise<void> {
    if (this.failWrites) throw new Error('storage is down');
    return super.write(changes);
  }
}

describe('a turn', () => {
  it('sends nothing of the turn when the dialog cannot be saved, and apologises instead', async () => {
    const storage = new FlakyStorage();
    const app = testApp({ knowledge, recognizer, storage });
    const c = conversation(app, 'flaky-1');
    await c.say('微信连不上服务器');
    const askedFirst = c.traces()[0].questionId;
    expect(askedFirst).toBeDefined();

    storage.failWrites = true;
    c.sent.length = 0;
    await c.say('不知道');
    expect(c.sent.filter((a) => a.type === 'trace')).toHaveLength(0);
    expect(c.sent.map((a) => a.text)).toEqual([knowledge.messages.messages.internal_error.zh]);

    // Once storage is back, the conversation is where it was: the same question is still open.
    storage.failWrites = false;
    c.sent.length = 0;
    await c.say('不知道');
    const after = c.traces()[0];
    expect(after.intent.label).toBe('dont_know');
    expect(after.questionId).not.toBe(askedFirst);
  });

  it('runs two quick messages of one conversation one after the other, both taking effect', async () => {
    const app = testApp({ knowledge, recognizer });
    const c = conversation(app, 'double-1');
    await c.say('微信连不上服务器');
    c.sent.length = 0;
    await Promise.all([c.say('不知道'), c.say('不知道')]);
    const [first, second] = c.traces();
    // Each answer was applied to the state the previous one left: two different questions follow.
    expect(first.questionId).toBeDefined();
    expect(second.questionId).toBeDefined();
    expect(second.questionId).not.toBe(first.questionId);
  });
});

describe('a stored dialog', () => {
  it('of another machine version is dropped: the conversation starts fresh instead of failing', async () => {
    const storage = new MemoryStorage();
    const app = testApp({ knowledge, recognizer, storage });
    await storage.write({ 'dialog/test/old-1': { dialog: { version: 0, snapshot: { value: 'nonsense', context: {} } }, eTag: '*' } });
    const c = conversation(app, 'old-1');
    await c.say('微信连不上服务器');
    expect(c.sent[0].text).toBe(knowledge.messages.messages.welcome.zh);
    expect(c.traces()[0].state).toMatch(/^diagnosing|^welcome/);
  });
});

describe('a repeated conversation start', () => {
  it('does not greet twice and does not write the dialog again', async () => {
    let writes = 0;
    class CountingStorage extends MemoryStorage {
      override async write(changes: StoreItems): Promise<void> {
        writes++;
        return super.write(changes);
      }
    }
    const app = testApp({ knowledge, recognizer, storage: new CountingStorage() });
    const sent: Partial<Activity>[] = [];
    const adapter = new InProcessAdapter((activities) => sent.push(...activities));
    const user = { id: 'u1', name: 'User' };
    const start = () =>
      adapter.process(
        {
          type: 'conversationUpdate',
          membersAdded: [user],
          channelId: 'test',
          serviceUrl: 'test://',
          conversation: { id: 'start-twice' } as Activity['conversation'],
          from: user,
          recipient: { id: 'bot', name: 'Bot' },
          locale: 'zh-CN',
        },
        (c) => app.bot.run(c),
      );
    await start();
    await start();
    expect(sent.filter((a) => a.type === 'message').map((a) => a.text)).toEqual([knowledge.messages.messages.welcome.zh]);
    expect(writes).toBe(1);
  });
});
