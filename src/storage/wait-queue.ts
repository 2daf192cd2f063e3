/**
 * A waiting line ordered by the time each entry joined (the handoff queue). Beside the key-value
 * Storage because a queue needs ordered reads and an atomic "take": two agents must never take
 * the same conversation.
 */
export interface QueueEntry {
  id: string;
  /** Epoch milliseconds when the entry joined; the line is ordered by it. */
  since: number;
}

export interface WaitQueue {
  /** Joins the line; joining again keeps the original place. */
  add(id: string, since: number): Promise<void>;
  /** Leaves the line. True only for the one caller that actually removed it (an atomic take). */
  remove(id: string): Promise<boolean>;
  /** 1-based place in the line, or undefined when not waiting. */
  position(id: string): Promise<number | undefined>;
  /** Everyone waiting, longest-waiting first. */
  list(): Promise<QueueEntry[]>;
}

/** In one process: tests, STORAGE=memory. */
export class MemoryWaitQueue implements WaitQueue {
  private readonly entries = new Map<string, number>();

  async add(id: string, since: number): Promise<void> {
    if (!this.entries.has(id)) this.entries.set(id, since);
  }

  async remove(id: string): Promise<boolean> {
    return this.entries.delete(id);
  }

  async position(id: string): Promise<number | undefined> {
    const index = (await this.list()).findIndex((e) => e.id === id);
    return index < 0 ? undefined : index + 1;
  }

  async list(): Promise<QueueEntry[]> {
    return [...this.entries].map(([id, since]) => ({ id, since })).sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
  }
}
