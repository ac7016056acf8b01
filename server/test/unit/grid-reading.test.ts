import { describe, expect, it } from 'vitest';
import { MAX_FUTURE_MS, THERMAL_G_PER_KWH, readGridMessage } from '../../src/domain/grid-reading.js';

const received = new Date('2026-12-07T14:00:00.400Z');

describe('a grid feed’s message read as a reading', () => {
  it('reads the fields under their own names, with the time the message gives', () => {
    const outcome = readGridMessage(
      { at: '2026-12-07T13:59:55Z', frequencyHz: 49.97, demandMw: 2100, reserveMarginPercent: 14.5 },
      {},
      received,
    );
    expect(outcome).toEqual({
      ok: true,
      reading: {
        at: new Date('2026-12-07T13:59:55Z'),
        frequencyHz: 49.97,
        demandMw: 2100,
        generationMw: null,
        reserveMarginPercent: 14.5,
        renewablePercent: null,
        carbonGPerKwh: null,
        mix: null,
      },
    });
  });

  it('follows a mapping into nested fields, takes numbers written as text and epoch seconds', () => {
    const outcome = readGridMessage(
      { ts: 1_796_738_395, grid: { f: '50.012', load: { mw: '1875.5' } } },
      { at: 'ts', frequencyHz: 'grid.f', demandMw: 'grid.load.mw' },
      new Date(1_796_738_400_000),
    );
    expect(outcome.ok && outcome.reading).toMatchObject({
      at: new Date(1_796_738_395_000),
      frequencyHz: 50.012,
      demandMw: 1875.5,
    });
  });

  it('derives generation, renewable share and carbon intensity from the mix when the feed gives only the mix', () => {
    const outcome = readGridMessage({ thermalMw: 1000, hydroMw: 600, solarMw: 300, windMw: 100 }, {}, received);
    expect(outcome.ok && outcome.reading).toMatchObject({
      generationMw: 2000,
      renewablePercent: 50,
      carbonGPerKwh: (1000 / 2000) * THERMAL_G_PER_KWH,
      mix: { thermalMw: 1000, hydroMw: 600, solarMw: 300, windMw: 100 },
    });
  });

  it('stamps a message without a time with the second it came (so every instance stores it once)', () => {
    const outcome = readGridMessage({ frequencyHz: 50 }, {}, received);
    expect(outcome.ok && outcome.reading.at.toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('takes a clock a little ahead as now, and refuses one far ahead or a day behind', () => {
    const ahead = readGridMessage({ frequencyHz: 50, at: new Date(received.getTime() + 30_000).toISOString() }, {}, received);
    expect(ahead.ok && ahead.reading.at.toISOString()).toBe('2026-12-07T14:00:00.000Z');
    const far = readGridMessage(
      { frequencyHz: 50, at: new Date(received.getTime() + MAX_FUTURE_MS + 1000).toISOString() },
      {},
      received,
    );
    expect(far).toEqual({ ok: false, reason: 'the timestamp is 301 s in the future' });
    expect(readGridMessage({ frequencyHz: 50, at: '2026-12-05T10:00:00Z' }, {}, received)).toEqual({
      ok: false,
      reason: 'the timestamp is more than a day old',
    });
  });

  it.each([
    [{ frequencyHz: 500 }, 'frequencyHz 500 is outside 40–70'],
    [{ frequencyHz: 'fifty' }, 'frequencyHz (frequencyHz) is not a number'],
    [{ frequencyHz: 50, renewablePercent: 140 }, 'renewablePercent 140 is outside 0–100'],
    [{ demandMw: -5 }, 'demandMw -5 is outside 0–1000000'],
    [{ frequencyHz: 50, at: 'yesterday-ish' }, 'the timestamp (at) is not a time'],
    [{ hello: 'world' }, 'the message has none of frequency, demand, reserve margin or generation mix'],
    [[1, 2, 3], 'the message is not a JSON object'],
    ['not json {', 'the message is not a JSON object'],
  ])('records %j as a bad reading: %s', (message, reason) => {
    expect(readGridMessage(message, {}, received)).toEqual({ ok: false, reason });
  });
});
