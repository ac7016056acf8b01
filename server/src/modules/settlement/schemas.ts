import { Type } from 'typebox';

const Line = Type.Object({
  elementIndex: Type.Integer(),
  type: Type.String(),
  unitPrice: Type.String(),
  quantityExact: Type.String({ description: 'exact quantity as an integer or a fraction "num/den"' }),
  quantity: Type.String(),
  amountMinor: Type.Integer(),
});
const TaxLine = Type.Object({
  name: Type.String(),
  rate: Type.String(),
  compound: Type.Boolean(),
  baseMinor: Type.Integer(),
  amountMinor: Type.Integer(),
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
/** One of the operator's internal figures (docs/finance.md §15): null for a location owner. */
const Internal = (what: string) =>
  Type.Union([Type.Integer(), Type.Null()], {
    description: `${what}; null for a location owner, who does not see the operator's internal figures`,
  });

/** Every settlement figure of one session (docs/finance.md §6); amounts in minor units of `currency`. */
export const SettlementBody = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  organizationId: Type.String(),
  siteId: Type.String(),
  chargerId: Type.String(),
  currency: Type.String(),
  timeZone: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  stoppedAt: Type.String({ format: 'date-time' }),
  energyWh: Type.Integer(),
  tariffId: Nullable(Type.String()),
  tariffVersion: Type.Union([Type.Integer(), Type.Null()]),
  flags: Type.Array(Type.String(), { description: 'NO_TARIFF, NO_CONTRACT, PRICING_FAILED, TARIFF_CURRENCY_MISMATCH' }),
  lines: Type.Array(Line),
  linesTotalMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  netMinor: Type.Integer(),
  taxLines: Type.Array(TaxLine),
  taxMinor: Type.Integer(),
  grossMinor: Type.Integer(),
  paymentMethod: Type.String(),
  gateway: Nullable(Type.String()),
  gatewayFeeMinor: Internal('gateway fee'),
  gatewayFeeBearer: Type.String(),
  commissionContractId: Nullable(Type.String()),
  platformCommissionMinor: Internal('platform commission'),
  locationOwnerId: Nullable(Type.String()),
  locationOwnerShare: Nullable(Type.String()),
  locationOwnerCommissionMinor: Type.Integer(),
  partnerShareMinor: Internal('partner share'),
  energyCostMinor: Internal('energy cost'),
  marginMinor: Internal('margin = partner share − energy cost'),
  idleSeconds: Type.Integer({ description: 'plugged in after energy stopped rising (OCPI PARKING_TIME)' }),
  campaignId: Nullable(Type.String()),
  revision: Type.Integer({ description: '1 at settlement, raised by each re-pricing' }),
  settledAt: Type.String({ format: 'date-time' }),
  repricedAt: Nullable(Type.String({ format: 'date-time' })),
  postings: Type.Array(
    Type.Object({
      account: Type.String(),
      ref: Nullable(Type.String()),
      entryKind: Type.String({ description: 'session, or adjustment for a re-pricing' }),
      amountMinor: Type.Integer(),
    }),
    { description: "the session's ledger postings; empty for a location owner (they show the operator's internal figures)" },
  ),
});
