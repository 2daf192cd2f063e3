/**
 * The Direct Line 3.0 channel: who may do what to which conversation, what a user's activity
 * looks like once accepted, and how activities reach the bot (in-process, through the same
 * CloudAdapter as /api/messages) and the clients (history + a push on the message bus, which
 * open WebSocket streams listen to). HTTP translation lives in routes.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../../observability/logger';
import type { MessageBus } from '../../storage/message-bus';
import { CONNECTOR_PATH, type DirectLineAuthentication } from './connector-auth';
import { badArgument, DirectLineError } from './errors';
import type { DirectLineConversation, DirectLineStore, HistoryPage } from './store';
import type { DirectLineTokens } from './tokens';

export const CHANNEL_ID = 'directline';

/** Who is calling: the secret's holder (the site's server) or the holder of one conversation's token. */
export type Caller = { kind: 'secret' } | { kind: 'token'; conversationId: string; userId?: string };

/** What the REST API answers when a conversation is started or resumed. */
export interface ConversationInfo {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
  referenceGrammarId?: string;
}

/** A frame on a conversation's stream, as Direct Line's WebSocket sends it. */
export interface StreamFrame {
  activities: Partial<Activity>[];
  watermark?: string;
}

export interface DirectLineChannelDeps {
  store: DirectLineStore;
  tokens: DirectLineTokens;
  bus: MessageBus;
  auth: DirectLineAuthentication;
  adapter: CloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  /** The bot as the other member of every conversation. */
  bot: { id: string; name: string };
  /** MicrosoftAppId (may be empty): the identity turns run under. */
  appId: string;
  log: Logger;
}

const USER_TYPES = new Set(['message', 'event', 'typing']);
const MAX_ID_CHARS = 128;

export const streamTopic = (conversationId: string) => `directline:${conversationId}`;

/** Azure's Direct Line never delivers trace activities to non-Emulator clients; neither do we. */
export const deliverable = (activity: Partial<Activity>) => activity.type !== 'trace';

const newConversationId = () => randomBytes(16).toString('base64url');
/** "dl_" marks a user id embedded in a token: Web Chat trusts such ids only from the token. */
const newUserId = () => `dl_${randomBytes(12).toString('base64url')}`;

/** The id of an activity that is not kept in the history (typing, a dropped trace). */
const ephemeralId = (conversationId: string) => `${conversationId}|x${randomBytes(6).toString('base64url')}`;

export function parseWatermark(value: string | null | undefined): number {
  if (value === undefined || value === null || value === '') return 0;
  if (!/^\d{1,15}$/.test(value)) throw badArgument('The watermark must be a number from an earlier answer.');
  return Number(value);
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function optionalString(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw badArgument(`"${field}" must be a string of at most ${max} characters.`);
  return value;
}

function userOf(body: unknown): { id?: string; name?: string } {
  if (!isObject(body) || body.user === undefined || body.user === null) return {};
  if (!isObject(body.user)) throw badArgument('"user" must be an object with an "id".');
  return { id: optionalString(body.user.id, 'user.id', MAX_ID_CHARS) || undefined, name: optionalString(body.user.name, 'user.name', 100) };
}

function localeOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(value) ? value : undefined;
}

export class DirectLineChannel {
  constructor(private readonly deps: DirectLineChannelDeps) {}

  /** The caller behind an Authorization header, or 401/403. */
  authorize(header: string | undefined): Caller {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new DirectLineError(401, 'Unauthorized', 'Send "Authorization: Bearer <secret or token>".');
    if (this.deps.tokens.isSecret(match[1])) return { kind: 'secret' };
    const verified = this.deps.tokens.verify(match[1], 'conversation');
    if (!verified.ok) {
      throw verified.reason === 'expired'
        ? new DirectLineError(403, 'TokenExpired', 'The token has expired; get a new one.')
        : new DirectLineError(403, 'Forbidden', 'The token or secret is not valid.');
    }
    return { kind: 'token', conversationId: verified.claims.conv ?? '', userId: verified.claims.user };
  }

  /** POST /tokens/generate: a token for a new conversation (secret only). */
  generateToken(caller: Caller, body: unknown): { conversationId: string; token: string; expires_in: number } {
    if (caller.kind !== 'secret') throw new DirectLineError(403, 'Forbidden', 'Only the secret can generate tokens.');
    const conversationId = newConversationId();
    const userId = userOf(body).id ?? newUserId();
    const { token, expiresIn } = this.deps.tokens.issue('conversation', { conv: conversationId, user: userId });
    return { conversationId, token, expires_in: expiresIn };
  }

  /** POST /tokens/refresh: the same conversation, a new expiry. */
  refreshToken(caller: Caller): { conversationId: string; token: string; expires_in: number } {
    if (caller.kind !== 'token') throw badArgument('Only a token can be refreshed; the secret does not expire.');
    const { token, expiresIn } = this.deps.tokens.issue('conversation', { conv: caller.conversationId, user: caller.userId });
    return { conversationId: caller.conversationId, token, expires_in: expiresIn };
  }

  /**
   * POST /conversations. With the secret: a new conversation. With a token: its conversation,
   * started now (the bot greets) or, when already started, as it is (`created: false`).
   */
  async startConversation(caller: Caller, body: unknown, base: string): Promise<{ created: boolean; info: ConversationInfo }> {
    const user = userOf(body);
    const locale = isObject(body) ? localeOf(body.locale) : undefined;
    const id = caller.kind === 'token' ? caller.conversationId : newConversationId();
    const userId = (caller.kind === 'token' ? caller.userId : user.id) ?? user.id ?? newUserId();
    const conversation: DirectLineConversation = { id, userId, serviceUrl: `${base}${CONNECTOR_PATH}`, locale, createdAt: Date.now() };
    const created = await this.deps.store.create(conversation);
    const stored = created ? conversation : await this.conversation(caller, id);
    if (created) {
      this.deps.log.info('directline_conversation_started', { conversationId: id });
      // As Azure does: the bot learns that the user joined, and greets.
      await this.runTurn({
        ...this.envelope(stored),
        type: 'conversationUpdate',
        membersAdded: [{ id: userId, name: user.name ?? userId }],
        locale,
      });
    }
    return { created, info: this.info(stored, base, 0) };
  }

  /** GET /conversations/{id}?watermark=: a fresh streamUrl (and token) to resume. */
  async reconnect(caller: Caller, conversationId: string, watermark: number, base: string): Promise<ConversationInfo> {
    const conversation = await this.conversation(caller, conversationId);
    return this.info(conversation, base, watermark);
  }

  /** POST /conversations/{id}/activities: stored, shown to the client (its echo), then given to the bot. */
  async postActivity(caller: Caller, conversationId: string, body: unknown): Promise<{ id: string }> {
    const conversation = await this.conversation(caller, conversationId);
    const activity = this.userActivity(caller, conversation, body);
    if (activity.type === 'typing') {
      // Nobody else reads this conversation; a user's typing needs neither history nor the bot.
      return { id: ephemeralId(conversationId) };
    }
    const { id } = await this.append(conversationId, activity);
    try {
      await this.runTurn({ ...activity, id });
    } catch (error) {
      this.deps.log.error('directline_turn_failed', { conversationId, error });
      throw new DirectLineError(502, 'BotError', 'The bot could not process the activity.');
    }
    return { id };
  }

  /** GET /conversations/{id}/activities?watermark=. */
  async history(caller: Caller, conversationId: string, watermark: number): Promise<StreamFrame> {
    await this.conversation(caller, conversationId);
    const page = await this.deps.store.read(conversationId, watermark);
    return toFrame(page);
  }

  /** The backlog a new stream starts with: what came after `watermark`. */
  async backlog(conversationId: string, watermark: number): Promise<HistoryPage> {
    return this.deps.store.read(conversationId, watermark);
  }

  /** A stream's token: which conversation it may open. */
  streamConversation(token: string): string {
    const verified = this.deps.tokens.verify(token, 'stream');
    if (!verified.ok) {
      throw verified.reason === 'expired'
        ? new DirectLineError(403, 'TokenExpired', 'The stream URL has expired; ask for a new one.')
        : new DirectLineError(403, 'Forbidden', 'The stream URL is not valid.');
    }
    return verified.claims.conv ?? '';
  }

  /** The connector's check: a request from this bot's own ConnectorClient. */
  authorizeConnector(header: string | undefined): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new DirectLineError(401, 'Unauthorized', 'A connector token is required.');
    if (!this.deps.tokens.verify(match[1], 'connector').ok)
      throw new DirectLineError(403, 'Forbidden', 'The connector token is not valid.');
  }

  /** The bot's activity (a reply or a proactive message) arriving at the connector. */
  async fromBot(conversationId: string, body: unknown, replyToId?: string): Promise<{ id: string }> {
    if (!isObject(body) || typeof body.type !== 'string') throw badArgument('The body must be an activity with a "type".');
    const conversation = await this.deps.store.get(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'There is no such conversation.');
    const activity: Partial<Activity> = {
      ...(body as Partial<Activity>),
      channelId: CHANNEL_ID,
      conversation: { id: conversationId } as Activity['conversation'],
      from: isObject(body.from) ? (body.from as unknown as Activity['from']) : { id: this.deps.bot.id, name: this.deps.bot.name },
      timestamp: new Date(),
      ...(replyToId ? { replyToId } : {}),
    };
    delete activity.id;
    if (!deliverable(activity)) return { id: ephemeralId(conversationId) };
    if (activity.type === 'typing') {
      // Live only: a typing indicator replayed from history after a reload would be a lie.
      const id = ephemeralId(conversationId);
      await this.deps.bus.publish(streamTopic(conversationId), { activities: [{ ...activity, id }] });
      return { id };
    }
    return { id: (await this.append(conversationId, activity)).id };
  }

  private async append(conversationId: string, activity: Partial<Activity>): Promise<{ id: string; watermark: number }> {
    const stored = await this.deps.store.append(conversationId, activity);
    const frame: StreamFrame = { activities: [{ ...activity, id: stored.id }], watermark: String(stored.watermark) };
    await this.deps.bus.publish(streamTopic(conversationId), frame);
    return stored;
  }

  private async runTurn(activity: Partial<Activity>): Promise<void> {
    const { adapter, auth, appId, logic } = this.deps;
    await adapter.processActivityDirect(auth.directLineRequest(appId), activity as Activity, logic);
  }

  /** The conversation a caller may use, or 403 (another conversation's token) / 404. */
  private async conversation(caller: Caller, conversationId: string): Promise<DirectLineConversation> {
    if (caller.kind === 'token' && caller.conversationId !== conversationId) {
      throw new DirectLineError(403, 'Forbidden', 'The token belongs to another conversation.');
    }
    const conversation = await this.deps.store.get(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'There is no such conversation (it may have expired).');
    return conversation;
  }

  private envelope(conversation: DirectLineConversation): Partial<Activity> {
    return {
      channelId: CHANNEL_ID,
      serviceUrl: conversation.serviceUrl,
      conversation: { id: conversation.id } as Activity['conversation'],
      from: { id: conversation.userId, name: conversation.userId, role: 'user' } as Activity['from'],
      recipient: { ...this.deps.bot, role: 'bot' } as Activity['recipient'],
      timestamp: new Date(),
    };
  }

  private userActivity(caller: Caller, conversation: DirectLineConversation, body: unknown): Partial<Activity> {
    if (!isObject(body) || typeof body.type !== 'string') throw badArgument('The body must be an activity: a JSON object with a "type".');
    if (!USER_TYPES.has(body.type)) throw badArgument(`Activities of type "${body.type}" cannot be posted; use message, event or typing.`);
    if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') throw badArgument('"text" must be a string.');
    if (body.attachments !== undefined && !Array.isArray(body.attachments)) throw badArgument('"attachments" must be an array.');
    if (body.entities !== undefined && !Array.isArray(body.entities)) throw badArgument('"entities" must be an array.');
    const from = isObject(body.from) ? body.from : {};
    const fromId = optionalString(from.id, 'from.id', MAX_ID_CHARS);
    if (caller.kind === 'token' && fromId && fromId !== conversation.userId) {
      // 400, not 403: directlinejs takes any 403 for an expired token and stops.
      throw badArgument('"from.id" is not the user this token was issued to (its "user" claim); leave it out or use that id.');
    }
    const activity: Partial<Activity> = {
      ...this.envelope(conversation),
      type: body.type,
      from: { id: conversation.userId, name: optionalString(from.name, 'from.name', 100) ?? conversation.userId, role: 'user' },
      locale: localeOf(body.locale) ?? conversation.locale,
    };
    // Only what a client may say; ids, timestamps, the channel and the members are ours to set.
    if (typeof body.text === 'string') activity.text = body.text;
    if (typeof body.textFormat === 'string') activity.textFormat = body.textFormat;
    if (typeof body.name === 'string') activity.name = body.name;
    if (body.value !== undefined) activity.value = body.value;
    if (Array.isArray(body.attachments)) activity.attachments = body.attachments as Activity['attachments'];
    if (Array.isArray(body.entities)) activity.entities = body.entities as Activity['entities'];
    // Web Chat matches its own message's echo by channelData.clientActivityID.
    if (isObject(body.channelData)) activity.channelData = body.channelData;
    return activity;
  }

  private info(conversation: DirectLineConversation, base: string, watermark: number): ConversationInfo {
    const conversationToken = this.deps.tokens.issue('conversation', { conv: conversation.id, user: conversation.userId });
    const stream = this.deps.tokens.issue('stream', { conv: conversation.id });
    const wsBase = base.replace(/^http/, 'ws');
    const query = new URLSearchParams({ t: stream.token, ...(watermark ? { watermark: String(watermark) } : {}) });
    return {
      conversationId: conversation.id,
      token: conversationToken.token,
      expires_in: conversationToken.expiresIn,
      streamUrl: `${wsBase}/v3/directline/conversations/${encodeURIComponent(conversation.id)}/stream?${query}`,
    };
  }
}

export function toFrame(page: HistoryPage): StreamFrame {
  return { activities: page.activities.filter(deliverable), watermark: String(page.watermark) };
}
