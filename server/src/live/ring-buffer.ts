/** The newest `capacity` items, each with the increasing id it was added under (ids start at 1). */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private lastId = 0;
  /** The oldest id this buffer can vouch for: nothing between it and `lastId` was missed. */
  private floor = 1;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  /** Stores the item and answers its id; the oldest one falls out when full. */
  push(item: T): number {
    this.lastId += 1;
    this.items[this.lastId % this.capacity] = item;
    return this.lastId;
  }

  get newestId(): number {
    return this.lastId;
  }

  /**
   * Ids given elsewhere (several instances share one sequence): the next item pushed gets
   * `id + 1`, and nothing up to `id` can be replayed, as this buffer never saw it.
   */
  restartAt(id: number): void {
    this.lastId = id;
    this.floor = id + 1;
  }

  /**
   * Everything after `id`, oldest first, or null when some of it has already fallen out (or the id
   * was never given out here, e.g. by a previous process): the reader must start over.
   */
  since(id: number): { id: number; item: T }[] | null {
    if (!Number.isInteger(id) || id < 0 || id > this.lastId) return null;
    const oldestKept = Math.max(this.floor, this.lastId - this.capacity + 1);
    if (id + 1 < oldestKept) return null;
    const missed: { id: number; item: T }[] = [];
    for (let next = id + 1; next <= this.lastId; next++) missed.push({ id: next, item: this.items[next % this.capacity] as T });
    return missed;
  }
}
