import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseCampaign } from '../../../src/domain/finance/campaign.js';
import { type CommissionTier, platformCommission, tierFor } from '../../../src/domain/finance/commission.js';
import { partnerInvoiceFigures } from '../../../src/domain/finance/invoice.js';
import { creditNotePostings, invoiceSentPostings, payoutPostings } from '../../../src/domain/finance/invoice-ledger.js';
import { sessionPostings } from '../../../src/domain/finance/ledger.js';
import { type DecimalInput, formatMinor, kwhOf, type Minor, sumMinor, toDecimal } from '../../../src/domain/finance/money.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import { Ratio } from '../../../src/domain/finance/ratio.js';
import { settleSession } from '../../../src/domain/finance/settlement.js';
import { applyTaxes, type TaxLine } from '../../../src/domain/finance/tax.js';
import { localTime, readingsIn, SRI_LANKA_TAXES, WORKED_EXAMPLE_TARIFF } from './helpers.js';

// docs/finance.md §13 "Worked example", recomputed with the domain functions and compared with the
// tables on the page, row by row (label and amount), so the page cannot drift from the code.

const DOC = readFileSync(new URL('../../../../docs/finance.md', import.meta.url), 'utf8');

/** The rows (cells, bold marks removed) of the table under each "### 13.x" heading of §13. */
function workedExampleTables(): Map<string, string[][]> {
  const section = DOC.split(/^## /m).find((s) => s.startsWith('13. Worked example'));
  if (!section) throw new Error('docs/finance.md has no "## 13. Worked example" section');
  const tables = new Map<string, string[][]>();
  for (const part of section.split(/^### /m).slice(1)) {
    const [heading = '', ...lines] = part.split('\n');
    const rows = lines
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.replaceAll('**', '').trim()),
      );
    // Drop the header row and the |---| separator.
    tables.set(heading.trim(), rows.slice(2));
  }
  return tables;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** 293000n → "2,930.00", −7995n → "−79.95", as the page writes LKR. */
function lkr(amount: Minor): string {
  const [whole = '', fraction = ''] = formatMinor(amount < 0n ? -amount : amount, 'LKR').split('.');
  return `${amount < 0n ? '−' : ''}${group(whole)}.${fraction}`;
}
/** An exact kWh quantity as the page writes it: "1,017.500". */
function kwhText(quantity: Ratio): string {
  const [whole = '', fraction = ''] = quantity.toFixed(3).split('.');
  return `${group(whole)}.${fraction}`;
}
const kwh = (wh: number) => kwhText(kwhOf(wh));
/** "0.025" → "2.5 %". */
const percent = (rate: DecimalInput) => `${toDecimal(rate).times(100).toFixed()} %`;
const taxRow = (t: TaxLine) => [`${t.name} ${percent(t.rate)} of ${lkr(t.baseMinor)}`, lkr(t.amountMinor)];

const ZONE = 'Asia/Colombo';
const GATEWAY = { gateway: 'cybersource', percent: '0.025', fixedMinor: 0n };
const priced = priceSession(
  WORKED_EXAMPLE_TARIFF,
  readingsIn(ZONE, [
    ['2026-03-10T17:50', 0],
    ['2026-03-10T18:30', 14_000],
    ['2026-03-10T19:10', 27_500],
  ]),
  { timeZone: ZONE },
);
const settlementInput = {
  currency: 'LKR',
  energyWh: priced.energyWh,
  taxes: SRI_LANKA_TAXES,
  gateway: GATEWAY,
  gatewayFeeBearer: 'organization' as const,
  commission: { kind: 'percent_of_net' as const, percent: '0.10' },
  locationOwnerShare: '0.05',
  energyCostPerKwh: '45.00',
};
const settled = settleSession({ ...settlementInput, netMinor: priced.netMinor });
const invoice = partnerInvoiceFigures('LKR', [settled], SRI_LANKA_TAXES);

/** The element names the page uses for the worked-example tariff (element 0 is the peak window). */
const ELEMENT_NAMES = ['peak', 'off-peak'];

describe('docs/finance.md worked example', () => {
  const tables = workedExampleTables();

  it('13.1: the session is priced, taxed and settled as the page says', () => {
    const lines = priced.lines.map((line) =>
      line.type === 'FLAT'
        ? ['flat', lkr(line.amountMinor)]
        : [`energy ${ELEMENT_NAMES[line.elementIndex]} ${kwhText(line.quantity)} kWh × ${line.unitPrice}`, lkr(line.amountMinor)],
    );
    expect(tables.get('13.1 The session')).toEqual([
      ...lines,
      ['net', lkr(settled.netMinor)],
      ...settled.taxLines.map(taxRow),
      ['gross (driver pays)', lkr(settled.grossMinor)],
      [`gateway fee ${percent(GATEWAY.percent)} of ${lkr(settled.grossMinor)}`, lkr(settled.gatewayFeeMinor)],
      [`platform commission ${percent(settlementInput.commission.percent)} of net`, lkr(settled.platformCommissionMinor)],
      [
        `location-owner commission ${percent(settlementInput.locationOwnerShare)} of net`,
        lkr(settled.locationOwnerCommissionMinor),
      ],
      ['partner share', lkr(settled.partnerShareMinor)],
      [`energy cost ${kwh(settled.energyWh)} kWh × ${settlementInput.energyCostPerKwh}`, lkr(settled.energyCostMinor)],
      ['margin', lkr(settled.marginMinor)],
    ]);
    // The figures the page's prose and other docs quote.
    expect([lkr(settled.netMinor), lkr(settled.grossMinor), lkr(settled.partnerShareMinor)]).toEqual([
      '2,930.00',
      '3,543.84',
      '2,401.90',
    ]);
  });

  it('13.2: the partner invoice of a period with only that session', () => {
    const line = (kind: string) => invoice.lines.find((l) => l.kind === kind)!.amountMinor;
    expect(tables.get('13.2 The partner invoice')).toEqual([
      ['platform commission', lkr(line('platform_commission'))],
      ['gateway charges', lkr(line('gateway_charges'))],
      ['subtotal', lkr(invoice.subtotalMinor)],
      ...invoice.taxLines.map(taxRow),
      ['invoice total', lkr(invoice.totalMinor)],
      ['net revenue', lkr(invoice.statement.netRevenueMinor)],
      ['location-owner commissions', lkr(invoice.statement.locationOwnerCommissionsMinor)],
      ['payout', lkr(invoice.statement.payoutMinor)],
    ]);
  });

  it('13.3: the payout balance follows the partner_payable postings and ends where the statement says', () => {
    const payable = (postings: readonly { account: string; amountMinor: Minor }[]) =>
      -sumMinor(postings.filter((p) => p.account === 'partner_payable').map((p) => p.amountMinor));
    const accrued = payable(sessionPostings(settled, 'cybersource'));
    const taxes = invoice.taxLines.map((t) => ({ name: t.name, amountMinor: t.amountMinor }));
    const invoiced = payable(invoiceSentPostings('INV-2026-000001', invoice.totalMinor, taxes));
    const afterInvoice = accrued + invoiced;
    const credit = applyTaxes(10_000n, SRI_LANKA_TAXES);
    const credited = payable(
      creditNotePostings(
        'CN-2026-000001',
        credit.netMinor,
        credit.lines.map((t) => ({ name: t.name, amountMinor: t.amountMinor })),
      ),
    );
    const afterCredit = afterInvoice + credited;
    const paidOut = payable(payoutPostings('PO-1', afterCredit));
    expect(afterInvoice).toBe(invoice.statement.payoutMinor);
    expect(tables.get('13.3 The payout balance')).toEqual([
      ['partner share accrued at settlement', lkr(accrued)],
      ['invoice sent: its taxes', lkr(invoiced)],
      ['payout balance', lkr(afterInvoice)],
      [
        `credit note ${lkr(credit.netMinor)} + ${credit.lines.map((t) => `${t.name} ${lkr(t.amountMinor)}`).join(' + ')}`,
        lkr(credited),
      ],
      ['payout balance after the credit note', lkr(afterCredit)],
      ['payout of the whole balance', lkr(paidOut)],
      ['payout balance after the payout', lkr(afterCredit + paidOut)],
    ]);
  });

  it('13.4: a 10 % campaign comes off the lines total before taxes', () => {
    const campaign = {
      id: 'c1',
      name: '10 % off',
      siteId: null,
      kind: 'percent' as const,
      percent: '0.1',
      fixedMinor: null,
      validFrom: localTime('2026-03-01T00:00', ZONE),
      validTo: null,
    };
    const startedAt = localTime('2026-03-10T17:50', ZONE);
    const choice = chooseCampaign([campaign], { siteId: 'site', startedAt }, priced.linesTotalMinor)!;
    const net = priced.linesTotalMinor - choice.discountMinor;
    const taxed = applyTaxes(net, SRI_LANKA_TAXES);
    expect(tables.get('13.4 With a 10 % campaign')).toEqual([
      ['lines total', lkr(priced.linesTotalMinor)],
      [`discount ${percent(campaign.percent)}`, lkr(choice.discountMinor)],
      ['net', lkr(net)],
      ...taxed.lines.map(taxRow),
      ['gross (driver pays)', lkr(taxed.grossMinor)],
    ]);
  });

  it('13.5: per-kWh and kWh-tier contracts, the tier from the kWh of the sessions that ended before', () => {
    const basis = { currency: 'LKR', netMinor: settled.netMinor, energyWh: settled.energyWh };
    const perKwh = '2.00';
    const tiers: CommissionTier[] = [
      { fromKwh: '0', percent: '0.10' },
      { fromKwh: '1000', percent: '0.08' },
    ];
    const tierRow = (earlierWh: number, verb: string) => {
      const tier = tierFor(tiers, kwhOf(earlierWh));
      const amount = platformCommission({ kind: 'kwh_tiers', tiers }, { ...basis, organizationWhEarlierInPeriod: earlierWh });
      const earlier = earlierWh === 0 ? 'no kWh' : `${kwh(earlierWh)} kWh`;
      return [
        `kWh tiers, ${earlier} earlier in the period ${verb} the ${percent(tier.percent)} tier from ${group(String(tier.fromKwh))} kWh`,
        lkr(amount),
      ];
    };
    expect(tables.get('13.5 Other commission contracts')).toEqual([
      [`per kWh ${perKwh} × ${kwh(settled.energyWh)} kWh`, lkr(platformCommission({ kind: 'per_kwh', perKwh }, basis))],
      tierRow(1_000_000, 'reach'),
      tierRow(990_000, 'stay in'),
      tierRow(0, 'stay in'),
    ]);
  });

  it('has no other worked-example tables than those checked here', () => {
    expect([...workedExampleTables().keys()]).toEqual([
      '13.1 The session',
      '13.2 The partner invoice',
      '13.3 The payout balance',
      '13.4 With a 10 % campaign',
      '13.5 Other commission contracts',
    ]);
  });
});
