/**
 * The typing indicator on a slow turn: sent while the turn runs, never after, and a channel that
 * refuses it neither crashes the bot nor turns the user's answer into an apology.
 */
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { TypingIndicator } from '../src/channels/typing-indicator';
import { createLogger } from '../src/observability/logger';

const message = (extra: Partial<Activity> = {}): Partial<Activity> => ({
  type: 'message',
  text: '微信连不上',
  channelId: 'test',
  serviceUrl: 'http://127.0.0.1:9',
  conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
  from: { id: 'user', name: 'user' },
  recipient: { id: 'bot', name: 'bot' },
  ...extra,
});

/** A turn whose end the test decides, through an adapter whose sends the test controls. */
function slowTurn(send: (activities: Partial<Activity>[]) => Promise<unknown>, extra?: Partial<Activity>) {
  const adapter = new TestAdapter();
  adapter.sendActivities = (_context, activities) => send(activities) as never;
  const turnErrors: unknown[] = [];
  adapter.onTurnError = async (_context, error) => void turnErrors.push(error);
  const logs: string[] = [];
  const indicator = new TypingIndicator(
    500,
    2000,
    createLogger('warn', (line) => logs.push(line)),
  );
  let finish!: () => void;
  const turn = indicator.onTurn(new TurnContext(adapter, message(extra)), () => new Promise<void>((resolve) => (finish = resolve)));
  return { turn, finish: () => finish(), turnErrors, logs };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('shows typing after half a second and every two seconds while the turn runs, and stops with it', async () => {
  const sent: string[] = [];
  const { turn, finish } = slowTurn(async (activities) => sent.push(...activities.map((a) => a.type!)));
  await jest.advanceTimersByTimeAsync(499);
  expect(sent).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  expect(sent).toEqual(['typing']);
  await jest.advanceTimersByTimeAsync(2000);
  expect(sent).toEqual(['typing', 'typing']);
  finish();
  await turn;
  await jest.advanceTimersByTimeAsync(10_000);
  expect(sent).toHaveLength(2);
});

it('only logs a typing indicator the channel refuses after the turn ended', async () => {
  let refuse!: (error: Error) => void;
  const { turn, finish, turnErrors, logs } = slowTurn(() => new Promise((_, reject) => (refuse = reject)));
  await jest.advanceTimersByTimeAsync(500);
  finish();
  await turn;
  refuse(new Error('connect ECONNREFUSED 127.0.0.1:9'));
  await jest.advanceTimersByTimeAsync(0);
  expect(turnErrors).toEqual([]);
  expect(logs.join()).toMatch(/typing_failed.*ECONNREFUSED/);
});

it('sends no typing when the replies come back in the HTTP response (expectReplies)', async () => {
  const sent: unknown[] = [];
  const { turn, finish } = slowTurn(async (activities) => sent.push(...activities), { deliveryMode: 'expectReplies' });
  await jest.advanceTimersByTimeAsync(5000);
  finish();
  await turn;
  expect(sent).toEqual([]);
});
