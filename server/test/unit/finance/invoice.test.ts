import { describe, expect, it } from 'vitest';
import { type InvoicedSession, partnerInvoiceFigures } from '../../../src/domain/finance/invoice.js';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { applyTaxes } from '../../../src/domain/finance/tax.js';
import { SRI_LANKA_TAXES } from './helpers.js';

const lkr = (amount: bigint) => formatMinor(amount, 'LKR');

function session(
  net: bigint,
  commission: bigint,
  gatewayFee: bigint,
  locationOwner: bigint,
  bearer: 'organization' | 'platform' = 'organization',
): InvoicedSession {
  const taxed = applyTaxes(net, SRI_LANKA_TAXES);
  return {
    energyWh: 10_000,
    netMinor: net,
    taxMinor: taxed.taxMinor,
    grossMinor: taxed.grossMinor,
    platformCommissionMinor: commission,
    gatewayFeeMinor: gatewayFee,
    gatewayFeeBearer: bearer,
    locationOwnerCommissionMinor: locationOwner,
  };
}

describe('partnerInvoiceFigures (docs/finance.md §8)', () => {
  it('adds the already-rounded session figures and taxes the subtotal once', () => {
    const sessions = [session(10_001n, 1_000n, 307n, 0n), session(20_003n, 2_000n, 615n, 1_000n), session(5n, 1n, 0n, 0n)];
    const invoice = partnerInvoiceFigures('LKR', sessions, SRI_LANKA_TAXES);
    expect(invoice.lines.map((l) => [l.kind, lkr(l.amountMinor)])).toEqual([
      ['platform_commission', '30.01'],
      ['gateway_charges', '9.22'],
    ]);
    expect(lkr(invoice.subtotalMinor)).toBe('39.23');
    // SSCL 0.98075 → 0.98; VAT 18 % of 40.21 = 7.2378 → 7.24.
    expect(invoice.taxLines.map((t) => lkr(t.amountMinor))).toEqual(['0.98', '7.24']);
    expect(lkr(invoice.totalMinor)).toBe('47.45');
    expect(invoice.statement.sessions).toBe(3);
    expect(invoice.statement.energyWh).toBe(30_000);
    expect(lkr(invoice.statement.netRevenueMinor)).toBe('300.09');
    expect(lkr(invoice.statement.locationOwnerCommissionsMinor)).toBe('10.00');
    expect(lkr(invoice.statement.payoutMinor)).toBe('242.64');
    expect(invoice.statement.grossCollectedMinor).toBe(invoice.statement.netRevenueMinor + invoice.statement.taxesCollectedMinor);
  });

  it('does not invoice gateway fees the platform bears', () => {
    const invoice = partnerInvoiceFigures(
      'LKR',
      [session(100_00n, 10_00n, 3_00n, 0n, 'platform'), session(100_00n, 10_00n, 3_00n, 0n)],
      [],
    );
    expect(invoice.lines.map((l) => lkr(l.amountMinor))).toEqual(['20.00', '3.00']);
    expect(lkr(invoice.totalMinor)).toBe('23.00');
    expect(lkr(invoice.statement.payoutMinor)).toBe('177.00');
  });

  it('an empty period invoices zero and pays out zero', () => {
    const invoice = partnerInvoiceFigures('LKR', [], SRI_LANKA_TAXES);
    expect([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor, invoice.statement.payoutMinor]).toEqual([
      0n,
      0n,
      0n,
      0n,
    ]);
    expect(invoice.lines).toHaveLength(2);
  });

  it('payout is net revenue − invoice total − location-owner commissions', () => {
    const sessions = [session(293_000n, 29_300n, 8_860n, 14_650n), session(50_000n, 5_000n, 1_500n, 2_500n)];
    const invoice = partnerInvoiceFigures('LKR', sessions, SRI_LANKA_TAXES);
    const { statement } = invoice;
    expect(statement.payoutMinor).toBe(statement.netRevenueMinor - invoice.totalMinor - statement.locationOwnerCommissionsMinor);
  });

  it('late sessions form one prior-period line group per original period, taxed with the rest once', () => {
    const march = { periodStartDate: '2026-03-02', periodEndDate: '2026-03-09' };
    const feb = { periodStartDate: '2026-02-23', periodEndDate: '2026-03-02' };
    const invoice = partnerInvoiceFigures(
      'LKR',
      [
        session(100_000n, 10_000n, 500n, 0n),
        { ...session(50_000n, 5_000n, 250n, 0n), priorPeriod: march },
        { ...session(20_000n, 2_000n, 100n, 0n, 'platform'), priorPeriod: feb },
        { ...session(30_000n, 3_000n, 150n, 0n), priorPeriod: march },
      ],
      SRI_LANKA_TAXES,
    );
    expect(invoice.lines).toEqual([
      { kind: 'platform_commission', amountMinor: 10_000n, priorPeriod: null },
      { kind: 'gateway_charges', amountMinor: 500n, priorPeriod: null },
      { kind: 'platform_commission', amountMinor: 2_000n, priorPeriod: feb },
      { kind: 'gateway_charges', amountMinor: 0n, priorPeriod: feb },
      { kind: 'platform_commission', amountMinor: 8_000n, priorPeriod: march },
      { kind: 'gateway_charges', amountMinor: 400n, priorPeriod: march },
    ]);
    expect(invoice.subtotalMinor).toBe(20_900n);
    expect(invoice.totalMinor).toBe(applyTaxes(20_900n, SRI_LANKA_TAXES).grossMinor);
    expect(invoice.statement).toMatchObject({ sessions: 4, netRevenueMinor: 200_000n });
    expect(invoice.statement.priorPeriods).toEqual([
      { ...feb, sessions: 1, energyWh: 10_000, netRevenueMinor: 20_000n },
      { ...march, sessions: 2, energyWh: 20_000, netRevenueMinor: 80_000n },
    ]);
  });
});
