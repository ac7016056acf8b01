import { describe, expect, it } from 'vitest';
import { describeAlert } from '../../../src/modules/alerts/describe.js';
import { formatInstant } from '../../../src/modules/invoices/pdf-format.js';

describe('an alert as a person reads it', () => {
  it('writes times in the given zone with the zone named, not as ISO text', () => {
    const text = describeAlert('charger_offline', { charger: 'CP-7', offlineSince: '2026-12-06T08:35:00.000Z' }, 'Asia/Colombo');
    expect(text).toBe('Charger offline · Charger: CP-7 · Offline since: 6 Dec 2026, 14:05 Asia/Colombo');
  });

  it('writes energy in kWh, dates as dates and leaves empty values out', () => {
    expect(
      describeAlert('session_abnormal_stop', { charger: 'CP-1', reason: 'PowerLoss', energyWh: 12345, session: null }, 'UTC'),
    ).toBe('Session ended abnormally · Charger: CP-1 · Reason: PowerLoss · Energy: 12.345 kWh');
    expect(describeAlert('invoice_overdue', { invoice: 'INV-0042', dueDate: '2026-11-30' }, 'UTC')).toContain('Due: 30 Nov 2026');
  });

  it('writes minor-unit amounts in major units with their currency, and no currency line of its own', () => {
    const text = describeAlert('payment_failed', { amountMinor: 232195, currency: 'LKR', attempts: 3 }, 'UTC');
    expect(text).toContain('Amount: LKR 2,321.95');
    expect(text).toContain('Attempts: 3');
    expect(text).not.toContain('Currency');
  });

  it('reads an unknown zone as UTC rather than failing', () => {
    expect(formatInstant(new Date('2026-06-01T00:00:00Z'), 'Mars/Olympus')).toBe('1 Jun 2026, 00:00 UTC');
  });
});
