import { describe, expect, it } from 'vitest';
import { mixShares, shownHealth } from './grid-words';

describe('the grid page’s words', () => {
  it('never shows a silent feed as healthy', () => {
    expect(shownHealth({ health: 'normal', link: 'connected' })).toEqual({ label: 'Normal', color: 'teal', current: true });
    expect(shownHealth({ health: 'normal', link: 'stale' })).toEqual({
      label: 'Stale: last known normal',
      color: 'gray',
      current: false,
    });
    expect(shownHealth({ health: 'emergency', link: 'disconnected' }).label).toBe('Disconnected: last known emergency');
  });

  it('gives the mix as shares, largest first, without empty sources', () => {
    const shares = mixShares({ thermalMw: 1000, hydroMw: 600, solarMw: 0, windMw: 400 });
    expect(shares.map((s) => [s.name, Math.round(s.percent)])).toEqual([
      ['Thermal', 50],
      ['Hydro', 30],
      ['Wind', 20],
    ]);
    expect(mixShares(null)).toEqual([]);
  });
});
