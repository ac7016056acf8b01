import type { Charger, ConnectorInput, ConnectorType } from '../../api/types';
import { orNull } from '../organizations/options';

export interface ConnectorRow {
  connectorId: number | string;
  evseId: number | string;
  type: ConnectorType;
  maxPowerKw: string;
}

export interface ChargerValues {
  ocppIdentity: string;
  name: string;
  organizationId: string | null;
  siteId: string | null;
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  connectors: ConnectorRow[];
}

export function chargerValuesOf(charger: Charger | null, organizationId: string | null): ChargerValues {
  return {
    ocppIdentity: charger?.ocppIdentity ?? '',
    name: charger?.name ?? '',
    organizationId: charger?.organizationId ?? organizationId,
    siteId: charger?.siteId ?? null,
    vendor: charger?.vendor ?? '',
    model: charger?.model ?? '',
    serialNumber: charger?.serialNumber ?? '',
    firmwareVersion: charger?.firmwareVersion ?? '',
    connectors: charger?.connectors.map((c) => ({
      connectorId: c.connectorId,
      evseId: c.evseId,
      type: c.type,
      maxPowerKw: c.maxPowerKw,
    })) ?? [{ connectorId: 1, evseId: 1, type: 'Type2', maxPowerKw: '22' }],
  };
}

export function connectorsPayload(rows: ConnectorRow[]): ConnectorInput[] {
  return rows.map((c) => ({
    connectorId: Number(c.connectorId),
    evseId: Number(c.evseId) || 1,
    type: c.type,
    maxPowerKw: c.maxPowerKw.trim(),
  }));
}

export function editablePayload(v: ChargerValues) {
  return {
    name: v.name.trim(),
    siteId: v.siteId ?? '',
    vendor: orNull(v.vendor),
    model: orNull(v.model),
    serialNumber: orNull(v.serialNumber),
    firmwareVersion: orNull(v.firmwareVersion),
    connectors: connectorsPayload(v.connectors),
  };
}

const inRange = (v: number | string, min: number, max: number) =>
  Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max && v !== '';

export const chargerValidation = {
  ocppIdentity: (v: string) =>
    /^[A-Za-z0-9._:-]{1,48}$/.test(v.trim())
      ? null
      : '1–48 characters: letters, digits and . _ : - (it ends the charger’s WebSocket URL)',
  name: (v: string) => (v.trim() ? null : 'Enter a name'),
  organizationId: (v: string | null) => (v ? null : 'Choose the organization'),
  siteId: (v: string | null) => (v ? null : 'Choose the site'),
  connectors: {
    connectorId: (v: number | string, values: ChargerValues) => {
      if (!inRange(v, 1, 99)) return 'From 1 to 99';
      return values.connectors.filter((c) => Number(c.connectorId) === Number(v)).length > 1
        ? 'Connector IDs must be unique'
        : null;
    },
    evseId: (v: number | string) => (inRange(v, 1, 99) ? null : 'From 1 to 99'),
    maxPowerKw: (v: string) =>
      /^\d{1,7}(\.\d{1,3})?$/.test(v.trim()) && Number(v) > 0 ? null : 'kW above 0, at most 3 decimals',
  },
};
