import { describe, expect, it } from 'vitest';
import { partnerInvoiceFigures } from '../../../src/domain/finance/invoice.js';
import { ledgerBalance, sessionPostings } from '../../../src/domain/finance/ledger.js';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import { settleSession } from '../../../src/domain/finance/settlement.js';
import { readingsIn, SRI_LANKA_TAXES, WORKED_EXAMPLE_TARIFF } from './helpers.js';

// The worked example of docs/finance.md §13, figure by figure, with the ledger postings it writes
// (finance-doc.test.ts checks the page's own tables).
const lkr = (amount: bigint) => formatMinor(amount, 'LKR');

const priced = priceSession(
  WORKED_EXAMPLE_TARIFF,
  readingsIn('Asia/Colombo', [
    ['2026-03-10T17:50', 0],
    ['2026-03-10T18:30', 14_000],
    ['2026-03-10T19:10', 27_500],
  ]),
  { timeZone: 'Asia/Colombo' },
);

const settled = settleSession({
  currency: 'LKR',
  netMinor: priced.netMinor,
  energyWh: priced.energyWh,
  taxes: SRI_LANKA_TAXES,
  gateway: { gateway: 'cybersource', percent: '0.025', fixedMinor: 0n },
  commission: { kind: 'percent_of_net', percent: '0.10' },
  locationOwnerShare: '0.05',
  energyCostPerKwh: '45.00',
});

describe('the worked example (docs/finance.md §13)', () => {
  it('prices the session: off-peak 14.000 kWh, peak 13.500 kWh, flat, net 2 930.00', () => {
    expect(priced.lines.map((line) => [line.type, line.quantity.toFixed(3), line.unitPrice, lkr(line.amountMinor)])).toEqual([
      ['ENERGY', '14.000', '90.00', '1260.00'],
      ['ENERGY', '13.500', '120.00', '1620.00'],
      ['FLAT', '1.000', '50.00', '50.00'],
    ]);
    expect(priced.energyWh).toBe(27_500);
    expect(lkr(priced.netMinor)).toBe('2930.00');
  });

  it('taxes: SSCL 73.25, VAT 540.59 on 3 003.25, gross 3 543.84', () => {
    expect(settled.taxLines.map((t) => [t.name, lkr(t.baseMinor), lkr(t.amountMinor)])).toEqual([
      ['SSCL', '2930.00', '73.25'],
      ['VAT', '3003.25', '540.59'],
    ]);
    expect(lkr(settled.grossMinor)).toBe('3543.84');
  });

  it('settles: gateway 88.60, platform 293.00, LO 146.50, partner 2 401.90, energy 1 237.50, margin 1 164.40', () => {
    expect({
      gateway: lkr(settled.gatewayFeeMinor),
      platform: lkr(settled.platformCommissionMinor),
      locationOwner: lkr(settled.locationOwnerCommissionMinor),
      partner: lkr(settled.partnerShareMinor),
      energyCost: lkr(settled.energyCostMinor),
      margin: lkr(settled.marginMinor),
    }).toEqual({
      gateway: '88.60',
      platform: '293.00',
      locationOwner: '146.50',
      partner: '2401.90',
      energyCost: '1237.50',
      margin: '1164.40',
    });
  });

  it('invoices the period: subtotal 381.60, SSCL 9.54, VAT 70.41, total 461.55, payout 2 321.95', () => {
    const invoice = partnerInvoiceFigures('LKR', [settled], SRI_LANKA_TAXES);
    expect(invoice.lines.map((line) => [line.kind, lkr(line.amountMinor)])).toEqual([
      ['platform_commission', '293.00'],
      ['gateway_charges', '88.60'],
    ]);
    expect(lkr(invoice.subtotalMinor)).toBe('381.60');
    expect(invoice.taxLines.map((t) => [t.name, lkr(t.baseMinor), lkr(t.amountMinor)])).toEqual([
      ['SSCL', '381.60', '9.54'],
      ['VAT', '391.14', '70.41'],
    ]);
    expect(lkr(invoice.totalMinor)).toBe('461.55');
    expect(invoice.statement).toEqual({
      sessions: 1,
      energyWh: 27_500,
      grossCollectedMinor: 354_384n,
      taxesCollectedMinor: 61_384n,
      netRevenueMinor: 293_000n,
      locationOwnerCommissionsMinor: 14_650n,
      payoutMinor: 232_195n,
      priorPeriods: [],
    });
  });

  it('posts a balanced accrual', () => {
    const postings = sessionPostings(settled, 'cybersource');
    expect(ledgerBalance(postings)).toBe(0n);
    expect(postings.map((p) => [p.account, p.ref ?? null, lkr(p.amountMinor)])).toEqual([
      ['payment_clearing', 'cybersource', '3455.24'],
      ['gateway_fee_expense', 'cybersource', '88.60'],
      ['tax_payable', 'SSCL', '-73.25'],
      ['tax_payable', 'VAT', '-540.59'],
      ['platform_commission_revenue', null, '-293.00'],
      ['gateway_fee_recovery', 'cybersource', '-88.60'],
      ['location_owner_payable', null, '-146.50'],
      ['partner_payable', null, '-2401.90'],
    ]);
  });
});
