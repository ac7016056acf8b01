import { describe, expect, it } from 'vitest';
import { adjustingPostings, canonicalJson } from '../../../src/domain/finance/adjustment.js';
import { ledgerBalance, type Posting, sessionPostings } from '../../../src/domain/finance/ledger.js';
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
const postings = (netMinor: bigint) => sessionPostings(settleSession({ ...base, netMinor }), 'cybersource');
const totals = (ps: Posting[]) => {
  const m = new Map<string, bigint>();
  for (const p of ps) m.set(`${p.account}/${p.ref ?? ''}`, (m.get(`${p.account}/${p.ref ?? ''}`) ?? 0n) + p.amountMinor);
  for (const [k, v] of m) if (v === 0n) m.delete(k);
  return m;
};

describe('adjustingPostings', () => {
  it('after a correction, old entry + adjustment equals a fresh entry for the new figures, and the adjustment balances', () => {
    const before = postings(293_000n);
    const after = postings(350_000n);
    const adjustment = adjustingPostings(before, after);
    expect(ledgerBalance(adjustment)).toBe(0n);
    expect(totals([...before, ...adjustment])).toEqual(totals(after));
    // Only the accounts that move get a posting.
    expect(adjustment.every((p) => p.amountMinor !== 0n)).toBe(true);
  });

  it('nothing to adjust when the figures are the same', () => {
    expect(adjustingPostings(postings(293_000n), postings(293_000n))).toEqual([]);
  });

  it('a second correction nets against the first one', () => {
    const first = postings(293_000n);
    const second = adjustingPostings(first, postings(200_000n));
    const third = adjustingPostings([...first, ...second], postings(250_000n));
    expect(totals([...first, ...second, ...third])).toEqual(totals(postings(250_000n)));
  });

  it('an account that disappears (a tax dropped to zero) is reversed in full', () => {
    const before: Posting[] = [
      { account: 'payment_clearing', ref: 'wallet', amountMinor: 1_100n },
      { account: 'tax_payable', ref: 'VAT', amountMinor: -100n },
      { account: 'partner_payable', amountMinor: -1_000n },
    ];
    const after: Posting[] = [
      { account: 'payment_clearing', ref: 'wallet', amountMinor: 1_000n },
      { account: 'partner_payable', amountMinor: -1_000n },
    ];
    expect(adjustingPostings(before, after)).toEqual([
      { account: 'payment_clearing', ref: 'wallet', amountMinor: -100n },
      { account: 'tax_payable', ref: 'VAT', amountMinor: 100n },
    ]);
  });
});

describe('canonicalJson', () => {
  it('ignores key order at every level, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
