/** Remembers the last `max` keys; `add` says whether a key is new. Lark delivers at least once. */
export class SeenSet {
  private readonly keys = new Set<string>();
  constructor(private readonly max = 2000) {}
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }
}

/**
 * Work done after the event is acknowledged: one chain per chat keeps a chat's answers in order, chats run side
 * by side. A task's failure is the task's business: `run` never rejects.
 */
export class TaskQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly onError: (e: unknown) => void) {}

  run(key: string, task: () => Promise<void>): boolean {
    if (this.closed) return false;
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task).catch(this.onError);
    this.tails.set(key, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return true;
  }

  /** Resolves when every task queued so far (and those they queue) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** No new tasks; wait for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}
