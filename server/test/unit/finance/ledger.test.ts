import { describe, expect, it } from 'vitest';
import { assertBalanced, ledgerBalance, type Posting, sessionPostings } from '../../../src/domain/finance/ledger.js';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { settleSession, type SettlementInput } from '../../../src/domain/finance/settlement.js';
import { SRI_LANKA_TAXES } from './helpers.js';

const base: SettlementInput = {
  currency: 'LKR',
  netMinor: 293_000n,
  energyWh: 27_500,
  taxes: SRI_LANKA_TAXES,
  gateway: { gateway: 'cybersource', percent: '0.025', fixedMinor: 0n },
  commission: { kind: 'percent_of_net', percent: '0.10' },
  locationOwnerShare: '0.05',
  energyCostPerKwh: '45.00',
};

const view = (postings: Posting[]) => postings.map((p) => [p.account, p.ref ?? null, formatMinor(p.amountMinor, 'LKR')]);

describe('sessionPostings', () => {
  it('when the platform bears the gateway fee, it is an expense nobody recovers', () => {
    const postings = sessionPostings(settleSession({ ...base, gatewayFeeBearer: 'platform' }), 'cybersource');
    expect(ledgerBalance(postings)).toBe(0n);
    expect(view(postings)).toEqual([
      ['payment_clearing', 'cybersource', '3455.24'],
      ['gateway_fee_expense', 'cybersource', '88.60'],
      ['tax_payable', 'SSCL', '-73.25'],
      ['tax_payable', 'VAT', '-540.59'],
      ['platform_commission_revenue', null, '-293.00'],
      ['location_owner_payable', null, '-146.50'],
      ['partner_payable', null, '-2490.50'],
    ]);
  });

  it('a wallet payment clears against the wallet and writes no gateway postings', () => {
    const postings = sessionPostings(settleSession({ ...base, gateway: null, locationOwnerShare: null }), 'wallet');
    expect(view(postings)).toEqual([
      ['payment_clearing', 'wallet', '3543.84'],
      ['tax_payable', 'SSCL', '-73.25'],
      ['tax_payable', 'VAT', '-540.59'],
      ['platform_commission_revenue', null, '-293.00'],
      ['partner_payable', null, '-2637.00'],
    ]);
  });

  it('a free session writes nothing', () => {
    expect(sessionPostings(settleSession({ ...base, netMinor: 0n }), 'cybersource')).toEqual([]);
  });

  it('an organization that owes (partner share below zero) is debited, still balanced', () => {
    const s = settleSession({ ...base, netMinor: 100n, commission: { kind: 'per_kwh', perKwh: '10.00' } });
    expect(s.partnerShareMinor).toBeLessThan(0n);
    const postings = sessionPostings(s, 'cybersource');
    expect(ledgerBalance(postings)).toBe(0n);
    expect(postings.find((p) => p.account === 'partner_payable')!.amountMinor).toBeGreaterThan(0n);
  });

  it('assertBalanced refuses an unbalanced entry', () => {
    expect(() => assertBalanced([{ account: 'payment_clearing', amountMinor: 1n }])).toThrow(/do not balance/);
  });
});
