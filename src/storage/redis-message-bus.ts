/**
 * The message bus across replicas: Redis pub/sub, JSON messages. Redis needs a connection of its
 * own for subscribing (a subscribed connection can run no other command), so the bus has two.
 */
import type Redis from 'ioredis';
import type { MessageBus, Unsubscribe } from './message-bus';
import { closeRedis } from './redis-connection';

type Handler = (message: unknown) => void;

export class RedisMessageBus implements MessageBus {
  private readonly handlers = new Map<string, Handler[]>();
  /** Subscribe/unsubscribe commands not yet confirmed by Redis. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix = 'wch:',
    /** A message that is not JSON, a handler that throws, a failed (un)subscribe: reported, never thrown at Redis. */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    subscriber.on('message', (channel: string, raw: string) => this.deliver(channel, raw));
  }

  private channel(topic: string): string {
    return `${this.prefix}bus:${topic}`;
  }

  private deliver(channel: string, raw: string): void {
    const topic = channel.slice(`${this.prefix}bus:`.length);
    const handlers = this.handlers.get(topic);
    if (!handlers) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        // Each handler its own copy, as the in-process bus gives.
        handler(handlers.length > 1 ? structuredClone(message) : message);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  async publish(topic: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.channel(topic), JSON.stringify(message) ?? 'null');
  }

  subscribe(topic: string, handler: Handler): Unsubscribe {
    let handlers = this.handlers.get(topic);
    if (!handlers) {
      this.handlers.set(topic, (handlers = []));
      this.track(this.subscriber.subscribe(this.channel(topic)));
    }
    handlers.push(handler);
    return () => {
      const list = this.handlers.get(topic);
      if (!list) return;
      const index = list.indexOf(handler);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) {
        this.handlers.delete(topic);
        this.track(this.subscriber.unsubscribe(this.channel(topic)));
      }
    };
  }

  /** Resolves when every subscribe so far is in effect: a message published afterwards reaches its handlers. */
  async settled(): Promise<void> {
    await this.pending;
  }

  private track(command: Promise<unknown>): void {
    this.pending = Promise.all([this.pending, command.catch((error: unknown) => this.onError(error))]);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await closeRedis(this.subscriber);
  }
}
