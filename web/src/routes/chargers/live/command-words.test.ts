import { describe, expect, it } from 'vitest';
import { commandResultWords, commandSucceeded } from './command-words';

describe('command results in words', () => {
  it.each([
    ['Remote stop', 'Accepted', 'Remote stop accepted by the charger', true],
    ['Remote start', 'Rejected', 'Remote start refused by the charger', false],
    ['Unlock connector', 'Unlocked', 'Unlock connector done: the charger released the connector', true],
    ['Unlock connector', 'UnlockFailed', 'Unlock connector failed: the charger could not release the connector', false],
    ['Set availability', 'Scheduled', 'Set availability accepted; the charger carries it out once its sessions end', true],
    ['Soft reset', 'Odd', 'Soft reset answered “Odd”', false],
    ['Get configuration', null, 'Get configuration answered by the charger', true],
  ])('%s answered %s reads "%s"', (label, status, words, ok) => {
    expect(commandResultWords(label, status)).toBe(words);
    expect(commandSucceeded(status)).toBe(ok);
  });
});
