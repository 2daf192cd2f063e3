/**
 * Publish/subscribe between the parts of the bot that must meet across processes: a user's
 * message reaching the agent watching that conversation, a reply reaching a Direct Line stream.
 * In one process it is an event emitter; with several replicas it is Redis pub/sub.
 */
import { EventEmitter } from 'node:events';

export type Unsubscribe = () => void;

export interface MessageBus {
  publish(topic: string, message: unknown): Promise<void>;
  subscribe(topic: string, handler: (message: unknown) => void): Unsubscribe;
  close(): Promise<void>;
}

export class LocalMessageBus implements MessageBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, message: unknown): Promise<void> {
    // A copy, as a real bus would deliver: subscribers never share the publisher's object.
    this.emitter.emit(topic, structuredClone(message));
  }

  subscribe(topic: string, handler: (message: unknown) => void): Unsubscribe {
    this.emitter.on(topic, handler);
    return () => this.emitter.off(topic, handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
