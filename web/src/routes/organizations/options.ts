import type { GatewayName } from '../../api/types';

export const CURRENCIES: string[] = Intl.supportedValuesOf('currency');
export const TIME_ZONES: string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

export const GATEWAY_LABELS: Record<GatewayName, string> = {
  cybersource: 'CyberSource',
  amex: 'Amex',
  dialog_fuel_card: 'Dialog Fuel Card',
  manual: 'Manual payment',
  wallet: 'Wallet',
};

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const CONTRACT_KIND_LABELS = {
  percent_of_net: 'Percent of net',
  per_kwh: 'Per kWh',
  kwh_tiers: 'kWh tiers',
} as const;

/** Empty text inputs mean "not set", which the API spells null. */
export const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
