/**
 * The messages of one partition that were handed out but not yet acknowledged, for one assignment of that
 * partition. The commit watermark is the oldest unfinished offset: everything below it is done, so a crash
 * redelivers exactly the unfinished messages (and possibly some finished ones above them).
 */
export class OffsetWindow {
  private readonly open: bigint[] = [];
  private readonly finished = new Set<bigint>();
  private lastDispatched: bigint | undefined;
  private waiters: Array<() => void> = [];
  private revokedFlag = false;

  constructor(readonly partition: number) {}

  /** Messages handed out and not yet acknowledged (abandoned ones included). */
  get size(): number {
    return this.open.length;
  }

  get revoked(): boolean {
    return this.revokedFlag;
  }

  /** False for an offset at or below one already handed out (a re-fetch of the same batch). */
  accepts(offset: string): boolean {
    return this.lastDispatched === undefined || BigInt(offset) > this.lastDispatched;
  }

  /** Offsets must be added in increasing order, as they are read from the partition. */
  add(offset: string): void {
    const o = BigInt(offset);
    if (this.lastDispatched !== undefined && o <= this.lastDispatched) {
      throw new Error(`offset ${offset} added out of order after ${this.lastDispatched}`);
    }
    this.lastDispatched = o;
    this.open.push(o);
  }

  /** Marks an offset done. Returns the new committable offset (next one to read) when it moved, else undefined. */
  complete(offset: string): string | undefined {
    const o = BigInt(offset);
    if (this.open.length === 0 || o < this.open[0]!) return undefined;
    this.finished.add(o);
    let moved = false;
    while (this.open.length > 0 && this.finished.has(this.open[0]!)) {
      this.finished.delete(this.open.shift()!);
      moved = true;
    }
    if (!moved) return undefined;
    this.wake();
    const head = this.open[0];
    return String(head ?? this.lastDispatched! + 1n);
  }

  /** The partition went to another consumer (or this one stopped): its results must not be committed. */
  revoke(): void {
    this.revokedFlag = true;
    this.wake();
  }

  /** Resolves once fewer than `limit` messages are open, or the window is revoked. */
  async waitBelow(limit: number): Promise<void> {
    while (!this.revokedFlag && this.open.length >= limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
