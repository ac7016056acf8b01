import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partnerInvoiceFigures } from '../../../src/domain/finance/invoice.js';
import { ledgerBalance, sessionPostings } from '../../../src/domain/finance/ledger.js';
import { applyRate, kwhOf, minorPerMajor, roundHalfUp, sumMinor } from '../../../src/domain/finance/money.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import { Ratio } from '../../../src/domain/finance/ratio.js';
import { settleSession } from '../../../src/domain/finance/settlement.js';
import { CURRENCIES, decimal, organization, session, tariff, taxes, ZONES } from './arbitraries.js';

const SESSION_RUNS = 10_000;
const HALF = Ratio.of(1, 2);

/** amount is `exact` rounded half-up: exact − ½ < amount ≤ exact + ½, ties going up (away from zero for ≥ 0). */
function isHalfUpOf(amount: bigint, exact: Ratio): boolean {
  const error = Ratio.of(amount).minus(exact);
  return HALF.minus(error).compare(Ratio.ZERO) >= 0 && error.plus(HALF).compare(Ratio.ZERO) > 0;
}

const randomSession = fc.constantFrom(...CURRENCIES).chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    zone: fc.constantFrom(...ZONES),
    tariff: tariff(currency),
    session,
    organization,
  }),
);

describe('money invariants over random sessions (fast-check)', () => {
  it(`hold for ${SESSION_RUNS} random sessions: price → tax → settle → ledger`, () => {
    fc.assert(
      fc.property(randomSession, ({ currency, zone, tariff: { tariff: t, pricesAllEnergy }, session: s, organization: org }) => {
        const priced = priceSession(t, s.readings, {
          timeZone: zone,
          endedAt: s.endedAt,
          discounts: org.discounts.map((amountMinor) => ({ name: 'campaign', amountMinor })),
        });

        // Lines: each rounded half-up once from its exact quantity × price; net = lines − discounts, never below 0.
        for (const line of priced.lines) {
          const exact = line.quantity.times(Ratio.fromDecimal(line.unitPrice)).times(minorPerMajor(currency));
          expect(isHalfUpOf(line.amountMinor, exact)).toBe(true);
          expect(line.amountMinor >= 0n).toBe(true);
        }
        expect(priced.netMinor).toBe(priced.linesTotalMinor - priced.discountMinor);
        expect(priced.netMinor >= 0n && priced.discountMinor >= 0n).toBe(true);

        // Pro rata is exact: with a catch-all ENERGY element, the ENERGY lines add up to the metered Wh exactly.
        const energyLines = priced.lines.filter((line) => line.type === 'ENERGY');
        const pricedKwh = energyLines.reduce((sum, line) => sum.plus(line.quantity), Ratio.ZERO);
        if (pricesAllEnergy) expect(pricedKwh.equals(kwhOf(priced.energyWh))).toBe(true);
        else expect(pricedKwh.compare(kwhOf(priced.energyWh)) <= 0).toBe(true);
        const timedMs = priced.lines.reduce((sum, line) => sum.plus(line.measuredSeconds ?? Ratio.ZERO), Ratio.ZERO).times(1000);
        expect(timedMs.compare(Ratio.of(s.durationMs)) <= 0).toBe(true);
        expect(priced.lines.filter((line) => line.type === 'FLAT').length <= 1).toBe(true);

        const settled = settleSession({ ...org, currency, netMinor: priced.netMinor, energyWh: priced.energyWh });

        expect(settled.grossMinor).toBe(settled.netMinor + sumMinor(settled.taxLines.map((tax) => tax.amountMinor)));
        const borneFee = settled.gatewayFeeBearer === 'organization' ? settled.gatewayFeeMinor : 0n;
        expect(
          settled.platformCommissionMinor + borneFee + settled.locationOwnerCommissionMinor + settled.partnerShareMinor,
        ).toBe(settled.netMinor);
        expect(settled.marginMinor).toBe(settled.partnerShareMinor - settled.energyCostMinor);
        for (const figure of [
          settled.grossMinor,
          settled.taxMinor,
          ...settled.taxLines.map((tax) => tax.amountMinor),
          settled.gatewayFeeMinor,
          settled.platformCommissionMinor,
          settled.locationOwnerCommissionMinor,
          settled.energyCostMinor,
        ]) {
          expect(figure >= 0n).toBe(true);
        }
        // The partner keeps a share whenever commissions are percentages and the gateway has no fixed part.
        if (org.commission.kind !== 'per_kwh' && (org.gateway?.fixedMinor ?? 0n) === 0n) {
          expect(settled.partnerShareMinor >= 0n).toBe(true);
        }

        expect(ledgerBalance(sessionPostings(settled, org.gateway?.gateway ?? 'wallet'))).toBe(0n);
      }),
      { numRuns: SESSION_RUNS },
    );
  }, 120_000);

  it('a period invoice adds up: total = subtotal + taxes, payout = net − total − LO commissions', () => {
    const period = fc.record({
      nets: fc.array(fc.bigInt({ min: 0n, max: 10_000_000n }), { maxLength: 30 }),
      organization,
      invoiceTaxes: taxes,
    });
    fc.assert(
      fc.property(period, ({ nets, organization: org, invoiceTaxes }) => {
        const settled = nets.map((netMinor) => settleSession({ ...org, currency: 'LKR', netMinor, energyWh: 12_345 }));
        const invoice = partnerInvoiceFigures('LKR', settled, invoiceTaxes);
        const { statement } = invoice;
        expect(invoice.totalMinor).toBe(invoice.subtotalMinor + sumMinor(invoice.taxLines.map((tax) => tax.amountMinor)));
        expect(statement.payoutMinor).toBe(
          statement.netRevenueMinor - invoice.totalMinor - statement.locationOwnerCommissionsMinor,
        );
        expect(statement.grossCollectedMinor).toBe(statement.netRevenueMinor + statement.taxesCollectedMinor);
        // What the partner keeps per session, less the tax on the platform's invoice, is what it is paid.
        expect(statement.payoutMinor).toBe(sumMinor(settled.map((s) => s.partnerShareMinor)) - invoice.taxMinor);
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);
});

describe('rounding is half-up (fast-check)', () => {
  const HighPrecision = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });

  it('applyRate agrees with 200-digit decimal arithmetic rounded ROUND_HALF_UP', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), decimal(10_000_000, 6), (amount, rate) => {
        const expected = new HighPrecision(amount.toString()).times(rate).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
        expect(applyRate(amount, rate).toString()).toBe(expected.toFixed());
      }),
      { numRuns: 20_000 },
    );
  });

  it('exact halves always round up (away from zero), everything else to the nearest', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 9 }), (whole, tenth) => {
        const value = `${whole < 0n ? '-' : ''}${whole < 0n ? -whole : whole}.${tenth}`;
        const magnitude = (whole < 0n ? -whole : whole) + (tenth >= 5 ? 1n : 0n);
        expect(roundHalfUp(value)).toBe(whole < 0n ? -magnitude : magnitude);
      }),
      { numRuns: 20_000 },
    );
  });
});
