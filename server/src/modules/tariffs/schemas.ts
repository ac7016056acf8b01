import { Type, type Static } from 'typebox';
import { Decimal, PageQuery, Uuid } from '../../http/schemas.js';

const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'local time "HH:MM" at the site' });
const Day = Type.Union([
  Type.Literal('MONDAY'),
  Type.Literal('TUESDAY'),
  Type.Literal('WEDNESDAY'),
  Type.Literal('THURSDAY'),
  Type.Literal('FRIDAY'),
  Type.Literal('SATURDAY'),
  Type.Literal('SUNDAY'),
]);
const Seconds = Type.Integer({ minimum: 0, maximum: 31_536_000 });

export const PriceComponent = Type.Object(
  {
    type: Type.Union([Type.Literal('ENERGY'), Type.Literal('TIME'), Type.Literal('PARKING_TIME'), Type.Literal('FLAT')]),
    price: Decimal('excluding tax, major units: per kWh (ENERGY), per hour (TIME, PARKING_TIME), per session (FLAT)'),
    step_size: Type.Integer({ minimum: 0, maximum: 86_400, description: 'seconds; TIME and PARKING_TIME billing block' }),
  },
  { additionalProperties: false },
);

export const Restrictions = Type.Object(
  {
    start_time: Type.Optional(Time),
    end_time: Type.Optional(Time),
    day_of_week: Type.Optional(Type.Array(Day, { maxItems: 7 })),
    min_kwh: Type.Optional(Decimal('kWh so far, inclusive')),
    max_kwh: Type.Optional(Decimal('kWh so far, exclusive')),
    min_duration: Type.Optional(Seconds),
    max_duration: Type.Optional(Seconds),
    min_power: Type.Optional(Decimal('kW, inclusive')),
    max_power: Type.Optional(Decimal('kW, exclusive')),
  },
  { additionalProperties: false },
);

export const TariffElement = Type.Object(
  {
    price_components: Type.Array(PriceComponent, { minItems: 1, maxItems: 4 }),
    restrictions: Type.Optional(Restrictions),
  },
  { additionalProperties: false },
);

const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code; the organization’s currency' });
const Instant = Type.String({ format: 'date-time' });
const Elements = Type.Array(TariffElement, { minItems: 1, maxItems: 20 });

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  currency: Currency,
  elements: Elements,
  siteId: Type.Union([Uuid, Type.Null()]),
  chargerId: Type.Union([Uuid, Type.Null()]),
  connectorId: Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Null()]),
  validFrom: Instant,
  validTo: Type.Union([Instant, Type.Null()]),
};

export const CreateTariffBody = Type.Object(
  {
    organizationId: Uuid,
    name: editable.name,
    currency: editable.currency,
    elements: editable.elements,
    validFrom: editable.validFrom,
    siteId: Type.Optional(editable.siteId),
    chargerId: Type.Optional(editable.chargerId),
    connectorId: Type.Optional(editable.connectorId),
    validTo: Type.Optional(editable.validTo),
  },
  { additionalProperties: false },
);
export const UpdateTariffBody = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const TariffBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  ...editable,
  level: Type.Union([Type.Literal('organization'), Type.Literal('site'), Type.Literal('charger'), Type.Literal('connector')]),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const TariffListQuery = Type.Object(
  {
    ...PageQuery,
    organizationId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    chargerId: Type.Optional(Uuid),
    currency: Type.Optional(Currency),
    validAt: Type.Optional(Instant),
    sort: Type.Optional(Type.Union([Type.Literal('validFrom'), Type.Literal('name'), Type.Literal('currency')])),
  },
  { additionalProperties: false },
);

export const OcpiTariffBody = Type.Object({
  country_code: Type.String(),
  party_id: Type.String(),
  id: Type.String(),
  currency: Type.String(),
  type: Type.String(),
  elements: Type.Array(
    Type.Object({
      price_components: Type.Array(Type.Object({ type: Type.String(), price: Type.Number(), step_size: Type.Integer() })),
      restrictions: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
  start_date_time: Type.String(),
  end_date_time: Type.Optional(Type.String()),
  last_updated: Type.String(),
});

const LOCAL_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$';

export const PreviewBody = Type.Object(
  {
    tariffId: Type.Optional(Uuid),
    tariff: Type.Optional(
      Type.Object({ organizationId: Uuid, currency: Currency, elements: Elements }, { additionalProperties: false }),
    ),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          'IANA; default: the time zone of the site of `chargerId` / `siteId` (or the stored tariff’s site or charger), else the organization’s',
      }),
    ),
    siteId: Type.Optional(Uuid),
    chargerId: Type.Optional(Uuid),
    startedAt: Type.Optional(Instant),
    stoppedAt: Type.Optional(Instant),
    startedAtLocal: Type.Optional(
      Type.String({
        pattern: LOCAL_TIME,
        description: 'instead of startedAt: a wall-clock time read in the preview’s time zone',
      }),
    ),
    stoppedAtLocal: Type.Optional(
      Type.String({
        pattern: LOCAL_TIME,
        description: 'instead of stoppedAt: a wall-clock time read in the preview’s time zone',
      }),
    ),
    energyWh: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10_000_000,
        description: 'the energy of the sample, spread evenly; or send meterReadings',
      }),
    ),
    chargingEndsAt: Type.Optional(Instant),
    meterReadings: Type.Optional(
      Type.Array(
        Type.Object(
          {
            at: Type.Optional(Instant),
            atLocal: Type.Optional(
              Type.String({
                pattern: LOCAL_TIME,
                description: 'instead of at: a wall-clock time read in the preview’s time zone',
              }),
            ),
            energyWh: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'energy delivered since the start' }),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 2000,
          description:
            'instead of energyWh: the power curve of a real or typical session, replayed as settlement prices meter readings (straight between readings)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PriceLineBody = Type.Object({
  elementIndex: Type.Integer(),
  type: Type.String(),
  unitPrice: Type.String(),
  quantity: Type.String({ description: 'kWh, billed hours or 1, rounded for display to 4 decimals' }),
  amountMinor: Type.Integer(),
});
export const TaxLineBody = Type.Object({
  name: Type.String(),
  rate: Type.String(),
  compound: Type.Boolean(),
  baseMinor: Type.Integer(),
  amountMinor: Type.Integer(),
});

export const PreviewResultBody = Type.Object({
  currency: Type.String(),
  timeZone: Type.String({ description: 'the clock the tariff times were read on' }),
  timeZoneSource: Type.Union([Type.Literal('request'), Type.Literal('site'), Type.Literal('organization')]),
  siteName: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  stoppedAt: Type.String({ format: 'date-time' }),
  assumptions: Type.Array(Type.String(), { description: 'what the preview assumed, in words, for the page to show' }),
  energyWh: Type.Integer(),
  lines: Type.Array(PriceLineBody),
  netMinor: Type.Integer(),
  taxes: Type.Array(TaxLineBody),
  taxMinor: Type.Integer(),
  grossMinor: Type.Integer(),
});

export type TariffElementBody = Static<typeof TariffElement>;
export type CreateTariff = Static<typeof CreateTariffBody>;
export type UpdateTariff = Static<typeof UpdateTariffBody>;
export type TariffListFilter = Static<typeof TariffListQuery>;
export type PreviewInput = Static<typeof PreviewBody>;
