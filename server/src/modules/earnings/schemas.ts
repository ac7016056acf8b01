import { type Static, Type } from 'typebox';

const LocalDate = (description: string) => Type.String({ description: `${description}, YYYY-MM-DD` });
const Money = (description: string) => Type.Integer({ description: `${description}, minor units of currency` });

export const EarningsQuery = Type.Object(
  {
    from: LocalDate("first day (inclusive) sessions ended, in the owner's organization's time zone"),
    to: LocalDate("last day (inclusive) sessions ended, in the owner's organization's time zone"),
  },
  { additionalProperties: false },
);
export type EarningsQueryInput = Static<typeof EarningsQuery>;

const Figures = {
  currency: Type.String(),
  sessions: Type.Integer({ description: 'settled sessions that earned this owner a commission share' }),
  energyWh: Type.Integer(),
  netMinor: Money('net revenue of those sessions (before taxes)'),
  commissionMinor: Money('the location-owner commission: what the owner earned'),
};

export const EarningsBody = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  timeZone: Type.String({ description: 'the zone `from` and `to` are read in' }),
  totals: Type.Array(Type.Object(Figures), { description: 'one per currency; currencies are never added together' }),
  chargers: Type.Array(
    Type.Object({
      chargerId: Type.String(),
      chargerName: Type.String(),
      ocppIdentity: Type.String(),
      siteName: Type.String(),
      ...Figures,
    }),
    {
      description:
        "one per assigned charger and currency; a charger that earned nothing shows zeros in its organization's currency",
    },
  ),
});
