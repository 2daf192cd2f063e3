/**
 * Turns of one conversation run one at a time, in arrival order, so two quick messages never
 * read the same snapshot and lose one's update. In-process; other conversations run in parallel.
 */
export interface TurnLock {
  /** Runs `work` when every earlier turn of the conversation `key` has finished. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Conversations with a turn running or queued here (for /healthz). */
  readonly size: number;
}

export class ConversationLock implements TurnLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the conversation once nothing else is queued behind this turn.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
