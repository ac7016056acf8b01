import type { TariffElement, TariffRestrictions } from './tariff.js';

/**
 * OCPI 2.2.1 Tariff objects carry prices and kWh as JSON numbers. We keep exact decimal strings
 * internally and convert only here, at the edge, for systems that speak OCPI.
 */
export interface OcpiTariff {
  country_code: string;
  party_id: string;
  id: string;
  currency: string;
  type: 'REGULAR';
  elements: {
    price_components: { type: string; price: number; step_size: number }[];
    restrictions?: Record<string, string | number | string[]>;
  }[];
  start_date_time: string;
  end_date_time?: string;
  last_updated: string;
}

export interface OcpiSource {
  id: string;
  currency: string;
  elements: readonly TariffElement[];
  validFrom: Date;
  validTo: Date | null;
  updatedAt: Date;
}

const NUMERIC_RESTRICTIONS = new Set(['min_kwh', 'max_kwh', 'min_power', 'max_power']);

function ocpiRestrictions(r: TariffRestrictions): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const [key, value] of Object.entries(r) as [string, string | number | readonly string[] | undefined][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out[key] = [...(value as readonly string[])];
    else out[key] = NUMERIC_RESTRICTIONS.has(key) ? Number(value) : (value as string | number);
  }
  return out;
}

export function toOcpiTariff(t: OcpiSource, party: { countryCode: string; partyId: string }): OcpiTariff {
  return {
    country_code: party.countryCode,
    party_id: party.partyId,
    id: t.id,
    currency: t.currency,
    type: 'REGULAR',
    elements: t.elements.map((element) => ({
      price_components: element.price_components.map((c) => ({ type: c.type, price: Number(c.price), step_size: c.step_size })),
      ...(element.restrictions && Object.keys(element.restrictions).length > 0
        ? { restrictions: ocpiRestrictions(element.restrictions) }
        : {}),
    })),
    start_date_time: t.validFrom.toISOString(),
    ...(t.validTo ? { end_date_time: t.validTo.toISOString() } : {}),
    last_updated: t.updatedAt.toISOString(),
  };
}
