import { describe, expect, it } from 'vitest';
import { GroupWriter } from '../../src/modules/charging/group-writer.js';

interface Item {
  charger: string;
  value: number;
}

/** A writer whose "statement" records each batch it is given; an item with value < 0 makes a batch fail. */
function recording() {
  const batches: Item[][] = [];
  const alone: Item[] = [];
  const writer = new GroupWriter<Item, string>(
    async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (items.some((i) => i.value < 0)) throw new Error('batch failed');
      batches.push(items);
      return items.map((i) => `${i.charger}:${i.value}`);
    },
    async (item) => {
      alone.push(item);
      if (item.value < 0) throw new Error(`cannot write ${item.charger}`);
      return `${item.charger}:${item.value}`;
    },
    (i) => i.charger,
    { concurrency: 2, gatherMs: 2, maxBatch: 3 },
  );
  return { writer, batches, alone };
}

describe('GroupWriter (group commit for connection writes)', () => {
  it('writes items that arrive together in shared batches and answers each with its own result', async () => {
    const { writer, batches } = recording();
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((charger, value) => writer.write({ charger, value })));
    expect(results).toEqual(['a:0', 'b:1', 'c:2', 'd:3', 'e:4']);
    expect(batches.map((b) => b.length)).toEqual([3, 2]);
  });

  it('never puts two items of one charger in one batch or in batches in flight together: they commit in order', async () => {
    const { writer, batches } = recording();
    await Promise.all(
      [1, 2, 3].map((value) => writer.write({ charger: 'same', value })).concat(writer.write({ charger: 'x', value: 9 })),
    );
    const order = batches
      .flat()
      .filter((i) => i.charger === 'same')
      .map((i) => i.value);
    expect(order).toEqual([1, 2, 3]);
    expect(batches.every((b) => new Set(b.map((i) => i.charger)).size === b.length)).toBe(true);
    expect(batches.length).toBe(3);
  });

  it('a failed batch is written one by one: only the bad item fails', async () => {
    const { writer, alone } = recording();
    const settled = await Promise.allSettled([
      writer.write({ charger: 'a', value: 1 }),
      writer.write({ charger: 'bad', value: -1 }),
      writer.write({ charger: 'c', value: 3 }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(alone.map((i) => i.charger)).toEqual(['a', 'bad', 'c']);
    expect(writer.stats.fallbacks).toBe(1);
  });
});
