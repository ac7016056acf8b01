import type { Campaign, CampaignFields } from '../../api/campaigns';
import { shiftDecimal } from '../../decimal';
import { majorToMinor, minorToMajor } from '../../format';
import { fromLocalInput, toLocalInput } from '../tariffs/tariff-form-values';

/** The form's strings: percent as people type it ("10" for 10 %), a fixed amount in major units. */
export interface CampaignValues {
  organizationId: string;
  name: string;
  siteId: string;
  kind: 'percent' | 'fixed';
  percent: string;
  fixedAmount: string;
  validFrom: string;
  validTo: string;
}

const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

export function valuesOf(c: Campaign | null, organizationId: string | null, currency: string): CampaignValues {
  return {
    organizationId: c?.organizationId ?? organizationId ?? '',
    name: c?.name ?? '',
    siteId: c?.siteId ?? '',
    kind: c?.kind ?? 'percent',
    percent: c?.percent ? shiftDecimal(c.percent, 2) : '',
    fixedAmount: c?.fixedMinor != null ? minorToMajor(c.fixedMinor, currency) : '',
    validFrom: toLocalInput(c?.validFrom ?? new Date().toISOString()),
    validTo: toLocalInput(c?.validTo),
  };
}

/** "10" → "0.1" exactly; null when the text is not a percentage the server could take. */
export function rateOf(percent: string): string | null {
  const text = percent.trim();
  return PERCENT.test(text) ? shiftDecimal(text, -2) : null;
}

export function validateCampaign(v: CampaignValues, currency: string): Partial<Record<keyof CampaignValues, string>> {
  const errors: Partial<Record<keyof CampaignValues, string>> = {};
  if (!v.organizationId) errors.organizationId = 'Choose an organization';
  if (!v.name.trim()) errors.name = 'Give the campaign a name';
  if (v.kind === 'percent') {
    const rate = rateOf(v.percent);
    if (rate === null || Number(v.percent) <= 0 || Number(v.percent) > 100)
      errors.percent = 'A percentage above 0 and at most 100';
  } else {
    const minor = majorToMinor(v.fixedAmount, currency);
    if (minor === null || minor <= 0) errors.fixedAmount = `A positive amount in ${currency}`;
  }
  if (!v.validFrom) errors.validFrom = 'When does it start?';
  if (v.validTo && v.validFrom && new Date(v.validTo) <= new Date(v.validFrom)) errors.validTo = 'Must be after the start';
  return errors;
}

export function payloadOf(v: CampaignValues, currency: string): CampaignFields {
  return {
    name: v.name.trim(),
    siteId: v.siteId || null,
    kind: v.kind,
    percent: v.kind === 'percent' ? rateOf(v.percent) : null,
    fixedMinor: v.kind === 'fixed' ? majorToMinor(v.fixedAmount, currency) : null,
    validFrom: fromLocalInput(v.validFrom),
    validTo: v.validTo ? fromLocalInput(v.validTo) : null,
  };
}

/** Server field names → form field names, for placing its errors. */
export const formField = (field: string): string | null =>
  field === 'fixedMinor'
    ? 'fixedAmount'
    : ['percent', 'siteId', 'validTo', 'validFrom', 'name', 'organizationId'].includes(field)
      ? field
      : null;
