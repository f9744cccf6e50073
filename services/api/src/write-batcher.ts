/**
 * Collects the writes of messages handled at the same time into batches: every handler awaits its own
 * write, and a batch starts once the previous one is durable, so the messages that arrive meanwhile
 * form the next one. A handler's promise settles only after its batch committed, so the bus commits
 * offsets only for durable writes. When a batch fails, its items are retried one by one, so that one
 * bad record fails (and is retried or dead-lettered by the bus) alone.
 */
export interface WriteBatcher<T> {
  write(item: T): Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function createWriteBatcher<T>(writeBatch: (items: T[]) => Promise<void>, maxBatch: number): WriteBatcher<T> {
  const queue: Array<Pending<T>> = [];
  let running = false;

  const settle = async (batch: Array<Pending<T>>) => {
    try {
      await writeBatch(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      for (const p of batch) await settle([p]);
    }
  };

  const drain = async () => {
    while (queue.length > 0) await settle(queue.splice(0, maxBatch));
    running = false;
  };

  return {
    write(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running) return;
        running = true;
        // One turn of the event loop first: the other handlers delivered with this one join the batch.
        setImmediate(() => void drain());
      });
    },
  };
}
