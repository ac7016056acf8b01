import { GATEWAY_KINDS, type GatewayKind, type GatewayRouting } from '../../db/schema/index.js';
import { isKnownCurrency } from '../../domain/currency.js';
import { AppError } from '../../errors.js';
import { binRangeOrdered } from '../payments/registry.js';
import type { RoutingInput } from './schemas.js';

export function assertGateway(value: string): asserts value is GatewayKind {
  if (!(GATEWAY_KINDS as readonly string[]).includes(value))
    throw new AppError('GATEWAY_UNKNOWN', `"${value}" is not a gateway: use ${GATEWAY_KINDS.join(', ')}`, { field: 'gateway' });
}

/** The network gateways need an http(s) address; the manual one has none. */
export function checkedBaseUrl(gateway: GatewayKind, baseUrl: string | null | undefined): string | null {
  const text = baseUrl?.trim() || null;
  if (gateway === 'manual') {
    if (text) throw new AppError('GATEWAY_BASE_URL_INVALID', 'The manual gateway has no address', { field: 'baseUrl' });
    return null;
  }
  if (!text) throw new AppError('GATEWAY_BASE_URL_INVALID', 'Enter the gateway’s address (https://…)', { field: 'baseUrl' });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('GATEWAY_BASE_URL_INVALID', 'The address is not a URL', { field: 'baseUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('GATEWAY_BASE_URL_INVALID', 'The address must start with https:// (or http://)', { field: 'baseUrl' });
  if (url.username || url.password)
    throw new AppError('GATEWAY_BASE_URL_INVALID', 'Put credentials in their own fields, not in the address', {
      field: 'baseUrl',
    });
  return text.replace(/\/+$/, '');
}

/** ISO 4217 codes, upper case, each once. */
export function checkedCurrencies(codes: readonly string[], field: string): string[] {
  const unique = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  const unknown = unique.find((c) => !isKnownCurrency(c));
  if (unknown !== undefined) throw new AppError('CURRENCY_UNKNOWN', `"${unknown}" is not an ISO 4217 currency code`, { field });
  return unique;
}

const routingError = (message: string, field: string) => new AppError('GATEWAY_ROUTING_INVALID', message, { field });

/** Routing rules as stored: empty rules left out, ranges ordered, amounts consistent. */
export function checkedRouting(routing: RoutingInput): GatewayRouting {
  const result: GatewayRouting = {};
  if (routing.brands?.length) result.brands = [...new Set(routing.brands)];
  if (routing.binRanges?.length) {
    routing.binRanges.forEach((range, i) => {
      if (!binRangeOrdered(range))
        throw routingError(`BIN range ${range.from}–${range.to} ends before it starts`, `routing.binRanges.${i}`);
    });
    result.binRanges = routing.binRanges.map((r) => ({ from: r.from, to: r.to }));
  }
  if (routing.currencies?.length) result.currencies = checkedCurrencies(routing.currencies, 'routing.currencies');
  if (routing.minAmountMinor !== undefined) result.minAmountMinor = routing.minAmountMinor;
  if (routing.maxAmountMinor !== undefined) result.maxAmountMinor = routing.maxAmountMinor;
  if (result.minAmountMinor !== undefined && result.maxAmountMinor !== undefined && result.minAmountMinor > result.maxAmountMinor)
    throw routingError('The smallest amount is more than the largest', 'routing.minAmountMinor');
  return result;
}
